package io.nurture.journey;

import org.springframework.stereotype.Component;

import io.nurture.lead.Leads;
import io.nurture.scoring.Scoring;

/**
 * What journey gateways may ask about a lead, as {@code ${leadConditions.engagedAtLeast(leadId, 25)}}: answers
 * are flags, so the profile and score stay in the project's tables.
 */
@Component("leadConditions")
public class LeadConditions {

	private final Scoring scoring;
	private final Leads leads;

	LeadConditions(Scoring scoring, Leads leads) {
		this.scoring = scoring;
		this.leads = leads;
	}

	/** Whether the lead's engagement score (after decay) is at least the given points. */
	public boolean engagedAtLeast(String leadId, int points) {
		return scoring.assessment(leadId).map(assessment -> assessment.engagementScore() >= points).orElse(false);
	}

	/** Whether the lead is a customer or disqualified: it has left the funnel and is not nurtured again. */
	public boolean leftTheFunnel(String leadId) {
		return leads.stage(leadId).leavesNurture();
	}
}
