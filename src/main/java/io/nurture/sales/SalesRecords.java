package io.nurture.sales;

import java.util.List;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** What sales decided about a lead and what went to the CRM, for those who must account for it. */
@Service
public class SalesRecords {

	private final SalesReviewRepository reviews;
	private final CrmHandoverRepository handovers;

	SalesRecords(SalesReviewRepository reviews, CrmHandoverRepository handovers) {
		this.reviews = reviews;
		this.handovers = handovers;
	}

	/** Every review and qualification decision about the lead: who, when, what and why. */
	public List<SalesReview> decisions(String leadId) {
		return reviews.findByLeadId(leadId);
	}

	/** Every handover of the lead to the CRM, with what was sent and whether the CRM took it. */
	public List<CrmHandover> crmHandovers(String leadId) {
		return handovers.findByLeadId(leadId);
	}

	/** Forgets what went to the CRM and sales' comments; the bare decisions stay, without a person, for the report. */
	@Transactional
	public void erase(String leadId) {
		handovers.deleteByLeadId(leadId);
		reviews.forgetComments(leadId);
	}
}
