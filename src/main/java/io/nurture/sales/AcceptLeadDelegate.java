package io.nurture.sales;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import io.nurture.lead.Leads;
import io.nurture.lead.Stage;

/** "Accept lead": sales took the lead over; it becomes a Sales Accepted Lead, owned by whoever accepted it. */
@Component("acceptLead")
class AcceptLeadDelegate implements JavaDelegate {

	private final Leads leads;
	private final SalesReviewRepository reviews;

	AcceptLeadDelegate(Leads leads, SalesReviewRepository reviews) {
		this.leads = leads;
		this.reviews = reviews;
	}

	@Override
	public void execute(DelegateExecution execution) {
		String leadId = execution.getProcessBusinessKey();
		String reviewer = reviews.findLatestOfLead(leadId).map(SalesReview::reviewer).orElse(null);
		leads.changeStage(leadId, Stage.SAL,
				reviewer != null ? "Accepted by " + reviewer + " in sales review" : "Accepted in sales review");
		if (reviewer != null) {
			execution.setVariable(SalesHandover.SALES_OWNER, reviewer);
		}
		execution.setVariable(SalesHandover.OUTCOME, "ACCEPTED");
	}
}
