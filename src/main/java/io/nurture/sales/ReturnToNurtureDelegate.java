package io.nurture.sales;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import io.nurture.journey.LeadJourney;
import io.nurture.lead.Leads;
import io.nurture.lead.Stage;
import io.nurture.scoring.InteractionType;
import io.nurture.scoring.NewInteraction;
import io.nurture.scoring.Scoring;

/**
 * "Return lead to nurture" (lead journey): the lead is a Lead again, with the reason sales gave in review or
 * qualification in its history, its score adjusted as the scoring model says for a return, and it goes back into
 * nurture without the welcome sequence.
 */
@Component("returnToNurture")
class ReturnToNurtureDelegate implements JavaDelegate {

	private final Leads leads;
	private final SalesReviewRepository reviews;
	private final Scoring scoring;

	ReturnToNurtureDelegate(Leads leads, SalesReviewRepository reviews, Scoring scoring) {
		this.leads = leads;
		this.reviews = reviews;
		this.scoring = scoring;
	}

	@Override
	public void execute(DelegateExecution execution) {
		String leadId = (String) execution.getVariable(LeadJourney.LEAD_ID);
		SalesReview review = reviews.findLatestOfLead(leadId)
				.orElseThrow(() -> new IllegalStateException("The sales decision on lead " + leadId + " was not recorded"));
		leads.changeStage(leadId, Stage.LEAD, review.cause("Returned to nurture"));
		// The scoring model's points for a return (engagement table, RETURNED_BY_SALES) adjust the score; once per decision.
		scoring.record(leadId, new NewInteraction(InteractionType.RETURNED_BY_SALES, null,
				review.returnReason().name(), "returned-by-sales-" + review.id(), null));
		execution.removeVariable(SalesHandover.OUTCOME);
		execution.setVariable(LeadJourney.RETURNED_BY_SALES, true);
	}
}
