package io.nurture.system;

import java.io.IOException;
import java.util.List;

import org.camunda.bpm.engine.IdentityService;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Tells the engine who calls its REST API, so that Camunda checks that user's authorizations and records what the
 * user does in the user's name. The project API ({@code /api/**}) is different: Spring Security has already decided
 * by the user's groups, and what the API then asks of the engine (start a journey, correlate a message, erase a
 * lead's history) is done by the system on the lead's behalf, so no engine user is set there.
 */
class EngineAuthenticationFilter extends OncePerRequestFilter {

	private final IdentityService identity;

	EngineAuthenticationFilter(IdentityService identity) {
		this.identity = identity;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Authentication user = SecurityContextHolder.getContext().getAuthentication();
		if (user == null || !user.isAuthenticated() || !path(request).startsWith("/engine-rest/")) {
			chain.doFilter(request, response);
			return;
		}
		List<String> groups = user.getAuthorities().stream().map(GrantedAuthority::getAuthority)
				.filter(authority -> authority.startsWith("GROUP_")).map(authority -> authority.substring(6)).toList();
		identity.setAuthentication(user.getName(), groups);
		try {
			chain.doFilter(request, response);
		}
		finally {
			identity.clearAuthentication();
		}
	}

	private static String path(HttpServletRequest request) {
		return request.getRequestURI().substring(request.getContextPath().length());
	}
}
