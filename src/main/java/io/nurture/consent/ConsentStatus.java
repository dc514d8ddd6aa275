package io.nurture.consent;

/** Whether a lead agreed to marketing email: asked for and not yet confirmed, confirmed (double opt-in), or withdrawn. */
public enum ConsentStatus {
	NONE, REQUESTED, CONFIRMED, WITHDRAWN
}
