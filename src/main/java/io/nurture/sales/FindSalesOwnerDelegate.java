package io.nurture.sales;

import java.util.Map;

import org.camunda.bpm.dmn.engine.DmnDecisionResultEntries;
import org.camunda.bpm.engine.DecisionService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.variable.Variables;
import org.springframework.stereotype.Component;

import io.nurture.journey.SimulationStandIns;
import io.nurture.lead.Lead;
import io.nurture.lead.Leads;

/**
 * "Find sales owner": the routing table ({@code processes/handover-routing.dmn}) names the team and, optionally, the
 * owner; without an owner the team's members take turns. No matching rule: the group {@code sales}, whose members
 * claim the lead from their queue. Only country and industry go into the table, never a name or an address.
 */
@Component("findSalesOwner")
class FindSalesOwnerDelegate implements JavaDelegate, SimulationStandIns {

	static final String ROUTING_DECISION = "handover-routing";

	private final Leads leads;
	private final SalesRotation rotation;
	private final HandoverTimers timers;

	FindSalesOwnerDelegate(Leads leads, SalesRotation rotation, HandoverTimers timers) {
		this.leads = leads;
		this.rotation = rotation;
		this.timers = timers;
	}

	@Override
	public void execute(DelegateExecution execution) {
		Lead lead = leads.require(execution.getProcessBusinessKey());
		Map<String, Object> route = route(execution.getProcessEngineServices().getDecisionService(), lead);
		String team = text(route.get("team"));
		String owner = text(route.get("owner"));
		if (team == null) {
			team = SalesHandover.SALES_GROUP;
		}
		else if (owner == null) {
			owner = rotation.next(team);
		}
		execution.setVariable(SalesHandover.SALES_TEAM, team);
		execution.setVariable(SalesHandover.SALES_OWNER, owner);
	}

	/**
	 * In a simulation the routing table decides as here, but no turn is taken (that would write the team's counter):
	 * without an owner in the table the review waits in the team's queue. The review's timers compute their due
	 * dates as in the live engine; they only read the settings.
	 */
	@Override
	public Map<String, Object> standIns(Lead sample) {
		JavaDelegate findSalesOwner = execution -> {
			Map<String, Object> route = route(execution.getProcessEngineServices().getDecisionService(), sample);
			String team = text(route.get("team"));
			execution.setVariable(SalesHandover.SALES_TEAM, team != null ? team : SalesHandover.SALES_GROUP);
			execution.setVariable(SalesHandover.SALES_OWNER, text(route.get("owner")));
		};
		return Map.of("findSalesOwner", findSalesOwner, "handoverTimers", timers);
	}

	private static Map<String, Object> route(DecisionService decisions, Lead lead) {
		DmnDecisionResultEntries route = decisions.evaluateDecisionByKey(ROUTING_DECISION)
				.variables(Variables.putValue("country", lead.getCountry()).putValue("industry", lead.getIndustry()))
				.evaluate().getFirstResult();
		return route != null ? route.getEntryMap() : Map.of();
	}

	private static String text(Object value) {
		return value instanceof String s && !s.isBlank() ? s : null;
	}
}
