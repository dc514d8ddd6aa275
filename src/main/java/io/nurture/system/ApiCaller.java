package io.nurture.system;

import org.camunda.bpm.engine.authorization.Groups;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

/** What the user of the current API request may see, for answers that depend on it. */
public final class ApiCaller {

	private ApiCaller() {
	}

	/** Marketing and admins read every lead; a service account (integration) reads none. */
	public static boolean mayReadEveryLead() {
		Authentication user = SecurityContextHolder.getContext().getAuthentication();
		return user != null && user.getAuthorities().stream().map(GrantedAuthority::getAuthority)
				.anyMatch(authority -> authority.equals(SecurityConfiguration.MARKETING)
						|| authority.equals("GROUP_" + Groups.CAMUNDA_ADMIN));
	}
}
