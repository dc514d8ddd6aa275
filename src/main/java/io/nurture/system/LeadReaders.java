package io.nurture.system;

import java.util.List;
import java.util.function.Supplier;

import org.camunda.bpm.engine.TaskService;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;

/**
 * Who may read a lead ({@code GET /api/leads/{id}} and its score, history and consent): marketing and admins
 * always; anyone else only while the lead is in an open task that the user is assignee or candidate of, directly or
 * through a group (a sales rep reviewing it, the team it waits for, the managers it was escalated to). Every
 * process of a lead carries its id as business key, so the task query needs no process variable.
 */
class LeadReaders implements AuthorizationManager<RequestAuthorizationContext> {

	private final TaskService tasks;

	LeadReaders(TaskService tasks) {
		this.tasks = tasks;
	}

	@Override
	public AuthorizationDecision check(Supplier<Authentication> authentication, RequestAuthorizationContext context) {
		Authentication user = authentication.get();
		if (user == null || !user.isAuthenticated()) {
			return new AuthorizationDecision(false);
		}
		List<String> authorities = user.getAuthorities().stream().map(GrantedAuthority::getAuthority).toList();
		if (authorities.contains(SecurityConfiguration.MARKETING) || authorities.contains(SecurityConfiguration.ADMIN)) {
			return new AuthorizationDecision(true);
		}
		String leadId = context.getVariables().get("id");
		return new AuthorizationDecision(leadId != null && inTaskOf(leadId, user.getName(), groups(authorities)));
	}

	/** Asked as the system: the engine would otherwise filter the query by the caller's own task permissions. */
	boolean inTaskOf(String leadId, String user, List<String> groups) {
		var query = tasks.createTaskQuery().processInstanceBusinessKey(leadId).or().taskAssignee(user)
				.taskCandidateUser(user);
		if (!groups.isEmpty()) {
			query.taskCandidateGroupIn(groups);
		}
		return query.includeAssignedTasks().endOr().count() > 0;
	}

	private static List<String> groups(List<String> authorities) {
		return authorities.stream().filter(authority -> authority.startsWith("GROUP_"))
				.map(authority -> authority.substring(6)).toList();
	}
}
