package io.nurture.sales;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import io.nurture.journey.LeadJourney;
import io.nurture.lead.Leads;
import io.nurture.lead.Stage;

/**
 * "Return lead to nurture" (lead journey): the lead is a Lead again, with the reason sales gave in review or
 * qualification in its history, and goes back into nurture without the welcome sequence.
 */
@Component("returnToNurture")
class ReturnToNurtureDelegate implements JavaDelegate {

	private final Leads leads;
	private final SalesReviewRepository reviews;

	ReturnToNurtureDelegate(Leads leads, SalesReviewRepository reviews) {
		this.leads = leads;
		this.reviews = reviews;
	}

	@Override
	public void execute(DelegateExecution execution) {
		String leadId = (String) execution.getVariable(LeadJourney.LEAD_ID);
		SalesReview review = reviews.findLatestOfLead(leadId)
				.orElseThrow(() -> new IllegalStateException("The sales decision on lead " + leadId + " was not recorded"));
		leads.changeStage(leadId, Stage.LEAD, review.cause("Returned to nurture"));
		execution.removeVariable(SalesHandover.OUTCOME);
		execution.setVariable(LeadJourney.RETURNED_BY_SALES, true);
	}
}
