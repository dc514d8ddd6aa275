package io.nurture.sales;

/**
 * The names the {@code sales-handover} BPMN, its forms and the code share: process key, tasks, groups and
 * variables. Variables hold ids, codes and flags only; what sales reads about the lead comes from the project's
 * tables when Tasklist loads the form (see {@link LeadSummaryFilter}).
 */
public final class SalesHandover {

	public static final String PROCESS_KEY = "sales-handover";

	public static final String REVIEW_TASK = "ReviewLead";
	public static final String QUALIFY_TASK = "QualifyLead";

	/** Leads no routing rule matches go to this group; escalated reviews also to the managers. */
	public static final String SALES_GROUP = "sales";
	public static final String MANAGERS_GROUP = "sales-managers";

	public static final String SALES_TEAM = "salesTeam";
	public static final String SALES_OWNER = "salesOwner";
	public static final String DECISION = "decision";
	public static final String QUALIFICATION = "qualification";
	public static final String RETURN_REASON = "returnReason";
	public static final String RETURN_COMMENT = "returnComment";
	public static final String BUDGET_CONFIRMED = "budgetConfirmed";
	public static final String REALISTIC_CHANCE = "realisticChance";
	public static final String EXPECTED_TIMELINE = "expectedTimeline";
	/** Out of the handover into the journey: ACCEPTED, QUALIFIED, RETURNED or DISQUALIFIED. */
	public static final String OUTCOME = "handoverOutcome";

	private SalesHandover() {
	}
}
