package io.nurture.consent;

import java.time.Instant;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/**
 * One line of the append-only proof of consent: what happened (requested, confirmed, given, withdrawn) for which
 * category, how, from which source, with which wording, and when. {@code MARKETING} is the consent to marketing
 * email (the opt-in confirmation and internal notifications need none); {@code TRACKING} the consent to having
 * opens, clicks and visits recorded and shown to sales.
 */
@Table("consent_records")
public record ConsentRecord(@Id Long id, String leadId, String category, Event event, ConsentMethod method,
		String source, String consentText, Instant occurredAt) {

	static final String MARKETING = "MARKETING";
	static final String TRACKING = "TRACKING";

	/** Marketing consent is requested, then confirmed (double opt-in); tracking consent is given at once. */
	public enum Event {
		REQUESTED, CONFIRMED, GIVEN, WITHDRAWN
	}
}
