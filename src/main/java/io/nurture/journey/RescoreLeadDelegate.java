package io.nurture.journey;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import io.nurture.lead.Leads;
import io.nurture.scoring.ScoreChange;
import io.nurture.scoring.Scoring;

/** "Re-score lead": applies the interaction that arrived and sets {@code salesReady} when the MQL rule holds. */
@Component("rescoreLead")
class RescoreLeadDelegate implements JavaDelegate {

	private final Scoring scoring;
	private final Leads leads;

	RescoreLeadDelegate(Scoring scoring, Leads leads) {
		this.scoring = scoring;
		this.leads = leads;
	}

	@Override
	public void execute(DelegateExecution execution) {
		String leadId = (String) execution.getVariable(LeadJourney.LEAD_ID);
		Object interactionId = execution.getVariable(LeadJourney.INTERACTION_ID);
		int score = interactionId instanceof Number id ? scoring.apply(id.longValue()).score() : scoring.score(leadId);
		boolean reachable = leads.require(leadId).isReachable();
		execution.setVariableLocal(LeadJourney.SALES_READY, scoring.isSalesReady(score, reachable));
	}
}
