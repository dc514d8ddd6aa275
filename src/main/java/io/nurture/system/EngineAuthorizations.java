package io.nurture.system;

import static org.camunda.bpm.engine.authorization.Authorization.ANY;
import static org.camunda.bpm.engine.authorization.Authorization.AUTH_TYPE_GRANT;

import java.util.List;

import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Groups;
import org.camunda.bpm.engine.authorization.Permission;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions;
import org.camunda.bpm.engine.authorization.ProcessInstancePermissions;
import org.camunda.bpm.engine.authorization.Resource;
import org.camunda.bpm.engine.authorization.Resources;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * The Camunda authorizations the product needs (camunda.bpm.authorization.enabled), created at every start where
 * missing; permissions an administrator added in Camunda Admin are kept, none is taken away.
 * <ul>
 * <li>Sales ({@code sales}, {@code sales-managers}) opens Tasklist and its task filters, reads the process diagrams
 * (a task shows the diagram of its process, and completing one moves the lead on in the journey that called it), and
 * sees colleagues' names. Tasks themselves need no grant here: when a task gets an assignee or a
 * candidate user or group, Camunda grants them READ and UPDATE on that task, so a rep sees and completes exactly the
 * tasks the routing gave them or their team, and the form variables of those tasks.</li>
 * <li>Marketing reads Cockpit (definitions, instances, history, decisions), read-only, and deploys from Modeler:
 * deployments may be created and read, nothing may be deleted, no instance started, changed or cancelled.</li>
 * <li>{@code camunda-admin} may do everything (the starter grants this with the first admin user; repeated here
 * for an administrator made another way).</li>
 * </ul>
 * Everything else is refused by the engine, for the engine REST API and the webapps alike.
 */
@Component
class EngineAuthorizations implements SmartInitializingSingleton {

	private static final Logger log = LoggerFactory.getLogger(EngineAuthorizations.class);

	record Grant(String group, Resource resource, String resourceId, List<Permission> permissions) {
	}

	static final List<Grant> GRANTS = grants();

	private final ProcessEngine engine;

	EngineAuthorizations(ProcessEngine engine) {
		this.engine = engine;
	}

	private static List<Grant> grants() {
		List<Grant> grants = new java.util.ArrayList<>();
		for (String sales : List.of(SecurityGroups.SALES, SecurityGroups.SALES_MANAGERS)) {
			grants.add(new Grant(sales, Resources.APPLICATION, "tasklist", List.of(Permissions.ACCESS)));
			grants.add(new Grant(sales, Resources.FILTER, ANY, List.of(Permissions.READ)));
			// READ only: the diagrams and forms, not the instances or their tasks (that would be READ_TASK).
			grants.add(new Grant(sales, Resources.PROCESS_DEFINITION, ANY, List.of(ProcessDefinitionPermissions.READ)));
			grants.add(new Grant(sales, Resources.USER, ANY, List.of(Permissions.READ)));
			grants.add(new Grant(sales, Resources.GROUP, ANY, List.of(Permissions.READ)));
		}
		String marketing = SecurityGroups.MARKETING;
		grants.add(new Grant(marketing, Resources.APPLICATION, "cockpit", List.of(Permissions.ACCESS)));
		grants.add(new Grant(marketing, Resources.PROCESS_DEFINITION, ANY, List.of(ProcessDefinitionPermissions.READ,
				ProcessDefinitionPermissions.READ_INSTANCE, ProcessDefinitionPermissions.READ_HISTORY)));
		grants.add(new Grant(marketing, Resources.PROCESS_INSTANCE, ANY, List.of(ProcessInstancePermissions.READ)));
		grants.add(new Grant(marketing, Resources.DECISION_DEFINITION, ANY,
				List.of(Permissions.READ, Permissions.READ_HISTORY)));
		grants.add(new Grant(marketing, Resources.DECISION_REQUIREMENTS_DEFINITION, ANY, List.of(Permissions.READ)));
		grants.add(new Grant(marketing, Resources.DEPLOYMENT, ANY, List.of(Permissions.READ, Permissions.CREATE)));
		for (Resources resource : Resources.values()) {
			grants.add(new Grant(Groups.CAMUNDA_ADMIN, resource, ANY, List.of(Permissions.ALL)));
		}
		return List.copyOf(grants);
	}

	@Override
	public void afterSingletonsInstantiated() {
		GRANTS.forEach(this::ensure);
	}

	private void ensure(Grant grant) {
		AuthorizationService authorizations = engine.getAuthorizationService();
		Authorization existing = authorizations.createAuthorizationQuery().authorizationType(AUTH_TYPE_GRANT)
				.groupIdIn(grant.group()).resourceType(grant.resource()).resourceId(grant.resourceId()).singleResult();
		Authorization authorization = existing != null ? existing : authorizations.createNewAuthorization(AUTH_TYPE_GRANT);
		if (existing == null) {
			authorization.setGroupId(grant.group());
			authorization.setResource(grant.resource());
			authorization.setResourceId(grant.resourceId());
		}
		boolean missing = false;
		for (Permission permission : grant.permissions()) {
			if (!authorization.isPermissionGranted(permission)) {
				authorization.addPermission(permission);
				missing = true;
			}
		}
		if (!missing) {
			return;
		}
		try {
			authorizations.saveAuthorization(authorization);
			log.info("Granted {} on {} {} to group {}", grant.permissions(), grant.resource().resourceName(),
					grant.resourceId(), grant.group());
		}
		catch (ProcessEngineException concurrentStart) {
			// Another node of the cluster granted the same at the same moment; its grant is as good as ours.
			log.info("Grant to {} on {} {} not saved here: {}", grant.group(), grant.resource().resourceName(),
					grant.resourceId(), concurrentStart.getMessage());
		}
	}
}
