package io.nurture.journey;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import io.nurture.lead.Leads;
import io.nurture.scoring.Assessment;
import io.nurture.scoring.Scoring;

/**
 * "Re-score lead": applies the interaction that arrived with the scoring model the step names (input parameter
 * {@code scoringModel}), and sets {@code salesReady} when the model's MQL rule holds.
 */
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
		String model = (String) execution.getVariableLocal(LeadJourney.SCORING_MODEL);
		Assessment assessment = interactionId instanceof Number id
				? scoring.apply(id.longValue(), model, () -> leads.require(leadId).scoringProfile())
				: scoring.reassess(leadId, leads.require(leadId).scoringProfile());
		execution.setVariableLocal(LeadJourney.SALES_READY, assessment.mql());
	}
}
