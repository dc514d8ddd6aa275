package io.nurture.sales;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import io.nurture.lead.Leads;
import io.nurture.lead.Stage;

/** "Mark as disqualified": the lead is no target and leaves nurture, with the reason sales gave in its history. */
@Component("disqualifyLead")
class DisqualifyLeadDelegate implements JavaDelegate {

	private final Leads leads;
	private final SalesReviewRepository reviews;

	DisqualifyLeadDelegate(Leads leads, SalesReviewRepository reviews) {
		this.leads = leads;
		this.reviews = reviews;
	}

	@Override
	public void execute(DelegateExecution execution) {
		String leadId = execution.getProcessBusinessKey();
		SalesReview decision = reviews.findLatestOfLead(leadId)
				.orElseThrow(() -> new IllegalStateException("The qualification of lead " + leadId + " was not recorded"));
		leads.changeStage(leadId, Stage.DISQUALIFIED, decision.cause("Disqualified"));
	}
}
