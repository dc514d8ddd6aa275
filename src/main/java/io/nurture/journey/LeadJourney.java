package io.nurture.journey;

/**
 * The names the {@code lead-journey} BPMN and the code share: process key, messages and variables.
 * Variables hold ids and flags only; personal data stays in the project's tables.
 */
public final class LeadJourney {

	public static final String PROCESS_KEY = "lead-journey";

	public static final String MESSAGE_CONSENT_CONFIRMED = "ConsentConfirmed";
	public static final String MESSAGE_INTERACTION_RECORDED = "InteractionRecorded";
	public static final String MESSAGE_UNSUBSCRIBED = "LeadUnsubscribed";
	public static final String MESSAGE_HARD_BOUNCED = "LeadHardBounced";
	public static final String MESSAGE_DISQUALIFIED = "LeadDisqualified";
	public static final String MESSAGE_BECAME_CUSTOMER = "LeadBecameCustomer";
	/** Starts the journey of a known lead anew, where the model has a start event for it. */
	public static final String MESSAGE_CAPTURED_AGAIN = "LeadCapturedAgain";
	/** Caught by the nurture tracks: the lead clicked a link in an email. */
	public static final String MESSAGE_EMAIL_CLICKED = "EmailClicked";

	public static final String LEAD_ID = "leadId";
	public static final String CONSENT_STATE = "consentState";
	public static final String INTERACTION_ID = "interactionId";
	public static final String SALES_READY = "salesReady";
	/** Input parameter of "Re-score lead": the scoring model (processes/scoring-<model>.dmn) the journey uses. */
	public static final String SCORING_MODEL = "scoringModel";
	public static final String RETURNED_BY_SALES = "returnedBySales";
	/** The process key of the nurture track the track decision chose; the "Nurture track" call activity starts it. */
	public static final String NURTURE_TRACK = "nurtureTrack";
	/** The call activity that runs processes/sales-handover.bpmn. */
	public static final String SALES_HANDOVER = "SalesHandover";

	private LeadJourney() {
	}
}
