package io.nurture.system;

/**
 * The engine groups the product's permissions are given to. camunda-admin (Camunda's own) may do everything.
 * Sales teams (the routing table's sales-uk, sales-dach, ...) are groups of their own; their members are also in
 * {@link #SALES}, which opens Tasklist for them.
 */
final class SecurityGroups {

	/** Manages leads, journeys, templates; answers data subject requests; reads Cockpit; deploys from Modeler. */
	static final String MARKETING = "marketing";

	/** Reviews and qualifies leads in Tasklist; reads the leads of its own tasks. */
	static final String SALES = "sales";

	/** Sales plus the escalated reviews and the handover report. */
	static final String SALES_MANAGERS = "sales-managers";

	/** Service accounts of sign-up forms, website tracking and the email service: they post, and read nothing. */
	static final String INTEGRATION = "integration";

	private SecurityGroups() {
	}
}
