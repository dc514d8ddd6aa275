package io.nurture.system;

import java.io.IOException;
import java.net.URI;
import java.util.function.Supplier;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.authorization.Groups;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.servlet.http.HttpServletResponse;

/**
 * Who may call what. The project API and the engine REST API need an engine user (HTTP Basic); the project API
 * authorises by the user's groups (below), the engine REST API by Camunda's own authorizations
 * ({@link EngineAuthorizations}); the Camunda webapps keep their own login and CSRF protection; the links in emails
 * are public and carry signed tokens. Everything else is closed. docs/security.md explains the model.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	/**
	 * No observation (timer and span) around each of the security filters, authentications and authorizations:
	 * with the actuator on the classpath Spring Security would wrap every filter of every request, a fifth of the
	 * CPU of a recorded interaction. Requests are still timed as a whole (http.server.requests).
	 */
	@Bean
	SecurityObservationSettings securityObservations() {
		return SecurityObservationSettings.noObservations();
	}

	static final String MARKETING = "GROUP_" + SecurityGroups.MARKETING;
	static final String SALES_MANAGERS = "GROUP_" + SecurityGroups.SALES_MANAGERS;
	static final String INTEGRATION = "GROUP_" + SecurityGroups.INTEGRATION;
	static final String ADMIN = "GROUP_" + Groups.CAMUNDA_ADMIN;

	@Bean
	@Order(1)
	SecurityFilterChain apiSecurity(HttpSecurity http, IdentityService identity, TaskService tasks, ObjectMapper json)
			throws Exception {
		AuthorizationManager<RequestAuthorizationContext> leadReaders = new LeadReaders(tasks);
		// Path matchers, not MVC matchers: the engine REST API is a Jersey servlet outside Spring MVC.
		return http.securityMatcher(new OrRequestMatcher(path("/api/**"), path("/engine-rest/**")))
				.authorizeHttpRequests(requests -> requests
						// Sign-up forms and website tracking post leads and interactions, an email service posts
						// bounces: a service account in the group integration may do that, and read nothing.
						.requestMatchers(path(HttpMethod.POST, "/api/leads"),
								path(HttpMethod.POST, "/api/leads/*/interactions"), path(HttpMethod.POST, "/api/leads/*/stage"),
								path(HttpMethod.POST, "/api/email/bounces"))
						.hasAnyAuthority(MARKETING, ADMIN, INTEGRATION)
						// A lead's profile, score, history and consent: marketing, and sales while the lead is in a
						// task of theirs (assignee or candidate).
						.requestMatchers(path(HttpMethod.GET, "/api/leads/{id}"),
								path(HttpMethod.GET, "/api/leads/{id}/score"), path(HttpMethod.GET, "/api/leads/{id}/history"),
								path(HttpMethod.GET, "/api/leads/{id}/consent"))
						.access(leadReaders)
						.requestMatchers(path("/api/reports/**")).hasAnyAuthority(MARKETING, SALES_MANAGERS, ADMIN)
						// Journeys, templates, a lead's emails, export and erasure, and whatever comes next: marketing.
						.requestMatchers(path("/api/**")).hasAnyAuthority(MARKETING, ADMIN)
						// Camunda checks every engine call itself; a user in no group has nothing to do there.
						.requestMatchers(path("/engine-rest/**")).access(SecurityConfiguration::inAnyGroup)
						.anyRequest().denyAll())
				.httpBasic(basic -> basic.realmName("nurture")
						.authenticationEntryPoint((request, response, e) -> unauthorized(response, json)))
				.exceptionHandling(
						errors -> errors.accessDeniedHandler((request, response, e) -> forbidden(response, json)))
				.sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
				// Stateless Basic authentication sets no cookie; a browser's cached Basic credentials cannot ride along a
				// forged cross-site request either: RequestGuard refuses a foreign Origin, and the API reads JSON only.
				.csrf(AbstractHttpConfigurer::disable)
				.addFilterAfter(new EngineAuthenticationFilter(identity), BasicAuthenticationFilter.class)
				.build();
	}

	@Bean
	@Order(2)
	SecurityFilterChain webSecurity(HttpSecurity http) throws Exception {
		return http
				.authorizeHttpRequests(requests -> requests
						.requestMatchers(path("/public/**"), path("/camunda/**"), path("/"), path("/error"),
								path("/favicon.ico"))
						.permitAll()
						.anyRequest().denyAll())
				// The webapps protect themselves with Camunda's CSRF filter; the public forms are covered by their
				// signed tokens and an Origin check (links/PublicLinkGuard), see docs/security.md.
				.csrf(AbstractHttpConfigurer::disable)
				.build();
	}

	/**
	 * A request the firewall refuses (an encoded slash, dot or percent, a semicolon in the path: traversal attempts)
	 * is a 400 problem like any other bad request, not a bare error page.
	 */
	@Bean
	RequestRejectedHandler requestRejected(ObjectMapper json) {
		return (request, response, e) -> write(response, json, HttpStatus.BAD_REQUEST, "Request rejected",
				"The request address is not allowed: " + e.getMessage(), "request-rejected");
	}

	private static AuthorizationDecision inAnyGroup(Supplier<Authentication> user, RequestAuthorizationContext context) {
		Authentication authentication = user.get();
		return new AuthorizationDecision(authentication != null && authentication.isAuthenticated()
				&& authentication.getAuthorities().stream().anyMatch(authority -> authority.getAuthority().startsWith("GROUP_")));
	}

	private static RequestMatcher path(String pattern) {
		return PathPatternRequestMatcher.withDefaults().matcher(pattern);
	}

	private static RequestMatcher path(HttpMethod method, String pattern) {
		return PathPatternRequestMatcher.withDefaults().matcher(method, pattern);
	}

	private static void forbidden(HttpServletResponse response, ObjectMapper json) throws IOException {
		write(response, json, HttpStatus.FORBIDDEN, "Not allowed",
				"Your engine user is not in a group allowed to do this.", "forbidden");
	}

	private static void unauthorized(HttpServletResponse response, ObjectMapper json) throws IOException {
		response.setHeader("WWW-Authenticate", "Basic realm=\"nurture\"");
		write(response, json, HttpStatus.UNAUTHORIZED, "Authentication required",
				"Sign in with an engine user (HTTP Basic).", "authentication-required");
	}

	private static void write(HttpServletResponse response, ObjectMapper json, HttpStatus status, String title,
			String detail, String type) throws IOException {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setTitle(title);
		problem.setType(URI.create("urn:nurture:problem:" + type));
		response.setStatus(status.value());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		json.writeValue(response.getOutputStream(), problem);
	}
}
