package io.nurture.system;

import java.io.IOException;
import java.net.URI;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.authorization.Groups;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.servlet.http.HttpServletResponse;

/**
 * Who may call what. The project API and the engine REST API need an engine user (HTTP Basic); the Camunda
 * webapps keep their own login and CSRF protection; the links in emails are public and carry signed tokens.
 * Everything else is closed.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	@Bean
	@Order(1)
	SecurityFilterChain apiSecurity(HttpSecurity http, IdentityService identity, ObjectMapper json) throws Exception {
		// Path matchers, not MVC matchers: the engine REST API is a Jersey servlet outside Spring MVC.
		return http.securityMatcher(new OrRequestMatcher(path("/api/**"), path("/engine-rest/**")))
				.authorizeHttpRequests(requests -> requests
						.requestMatchers(path("/api/journeys/**")).hasAnyAuthority("GROUP_marketing", "GROUP_" + Groups.CAMUNDA_ADMIN)
						.requestMatchers(path("/api/templates/**"), path("/api/templates"))
						.hasAnyAuthority("GROUP_marketing", "GROUP_" + Groups.CAMUNDA_ADMIN)
						// A person's export and erasure: for marketing, who answers data subject requests, and admins.
						.requestMatchers(path("/api/leads/*/export"))
						.hasAnyAuthority("GROUP_marketing", "GROUP_" + Groups.CAMUNDA_ADMIN)
						.requestMatchers(PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.DELETE, "/api/leads/*"))
						.hasAnyAuthority("GROUP_marketing", "GROUP_" + Groups.CAMUNDA_ADMIN)
						.anyRequest().authenticated())
				.httpBasic(basic -> basic.realmName("nurture")
						.authenticationEntryPoint((request, response, e) -> unauthorized(response, json)))
				.exceptionHandling(errors -> errors.accessDeniedHandler((request, response, e) -> forbidden(response, json)))
				.sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
				// Stateless Basic authentication sends no cookie a forged cross-site request could use.
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
				// The webapps protect themselves with Camunda's CSRF filter; public forms carry signed tokens.
				.csrf(AbstractHttpConfigurer::disable)
				.build();
	}

	private static RequestMatcher path(String pattern) {
		return PathPatternRequestMatcher.withDefaults().matcher(pattern);
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
