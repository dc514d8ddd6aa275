package io.nurture.sales;

import java.util.Map;

import org.camunda.bpm.dmn.engine.DmnDecisionResultEntries;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.variable.Variables;
import org.springframework.stereotype.Component;

import io.nurture.lead.Lead;
import io.nurture.lead.Leads;

/**
 * "Find sales owner": the routing table ({@code processes/handover-routing.dmn}) names the team and, optionally, the
 * owner; without an owner the team's members take turns. No matching rule: the group {@code sales}, whose members
 * claim the lead from their queue. Only country and industry go into the table, never a name or an address.
 */
@Component("findSalesOwner")
class FindSalesOwnerDelegate implements JavaDelegate {

	static final String ROUTING_DECISION = "handover-routing";

	private final Leads leads;
	private final SalesRotation rotation;

	FindSalesOwnerDelegate(Leads leads, SalesRotation rotation) {
		this.leads = leads;
		this.rotation = rotation;
	}

	@Override
	public void execute(DelegateExecution execution) {
		Lead lead = leads.require(execution.getProcessBusinessKey());
		DmnDecisionResultEntries route = execution.getProcessEngineServices().getDecisionService()
				.evaluateDecisionByKey(ROUTING_DECISION)
				.variables(Variables.putValue("country", lead.getCountry()).putValue("industry", lead.getIndustry()))
				.evaluate().getFirstResult();
		Map<String, Object> entries = route != null ? route.getEntryMap() : Map.of();
		String team = text(entries.get("team"));
		String owner = text(entries.get("owner"));
		if (team == null) {
			team = SalesHandover.SALES_GROUP;
		}
		else if (owner == null) {
			owner = rotation.next(team);
		}
		execution.setVariable(SalesHandover.SALES_TEAM, team);
		execution.setVariable(SalesHandover.SALES_OWNER, owner);
	}

	private static String text(Object value) {
		return value instanceof String s && !s.isBlank() ? s : null;
	}
}
