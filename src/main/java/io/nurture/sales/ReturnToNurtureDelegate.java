package io.nurture.sales;

import java.util.List;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import io.nurture.journey.LeadJourney;
import io.nurture.lead.Leads;
import io.nurture.lead.Stage;

/**
 * "Return lead to nurture": the lead is a Lead again, with the reason sales gave in its history, and goes back into
 * nurture without the welcome sequence.
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
		SalesReview review = reviews.findLatest(execution.getProcessInstanceId())
				.orElseThrow(() -> new IllegalStateException("The sales review of this journey was not recorded"));
		StringBuilder cause = new StringBuilder("Returned to nurture");
		if (review.reviewer() != null) {
			cause.append(" by ").append(review.reviewer());
		}
		cause.append(": ").append(review.returnReason().name()).append(" (").append(review.returnReason().label())
				.append(')');
		if (review.comment() != null) {
			cause.append(" - ").append(review.comment());
		}
		leads.changeStage((String) execution.getVariable(LeadJourney.LEAD_ID), Stage.LEAD, cause.toString());
		// The decision is recorded in the sales review; the next review starts with an empty form.
		execution.removeVariables(List.of(LeadJourney.DECISION, LeadJourney.RETURN_REASON, LeadJourney.RETURN_COMMENT));
		execution.setVariable(LeadJourney.RETURNED_BY_SALES, true);
	}
}
