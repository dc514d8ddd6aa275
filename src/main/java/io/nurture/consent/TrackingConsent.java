package io.nurture.consent;

/**
 * Whether a lead agreed to tracking: its email opens, link clicks and web visits recorded and shown to sales.
 * Given with a tick, no double opt-in; never given, given, or withdrawn.
 */
public enum TrackingConsent {
	NONE, GIVEN, WITHDRAWN;

	public boolean given() {
		return this == GIVEN;
	}
}
