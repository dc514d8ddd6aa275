package io.nurture.operations;

import org.camunda.bpm.engine.authorization.Groups;
import org.springframework.boot.actuate.autoconfigure.security.servlet.EndpointRequest;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Who may see the actuator endpoints: health is public (a load balancer asks it; details only for operators),
 * metrics and the Prometheus scrape need an engine user in the group {@value #OPERATORS} or an admin, over HTTP
 * Basic like the API. Its own chain, before the others, so the rest of the security setup does not know about it.
 */
@Configuration(proxyBeanMethods = false)
class OperationsSecurity {

	/** The engine group whose members read metrics and health details; create it in Camunda Admin. */
	static final String OPERATORS = "operators";

	@Bean
	@Order(0)
	SecurityFilterChain actuatorSecurity(HttpSecurity http) throws Exception {
		return http.securityMatcher(EndpointRequest.toAnyEndpoint())
				.authorizeHttpRequests(requests -> requests
						.requestMatchers(EndpointRequest.to(HealthEndpoint.class)).permitAll()
						.anyRequest().hasAnyAuthority("GROUP_" + OPERATORS, "GROUP_" + Groups.CAMUNDA_ADMIN))
				.httpBasic(basic -> basic.realmName("nurture"))
				.sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
				// Stateless Basic authentication and read-only endpoints: no cookie a forged request could use.
				.csrf(AbstractHttpConfigurer::disable)
				.build();
	}
}
