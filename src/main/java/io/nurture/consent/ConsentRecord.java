package io.nurture.consent;

import java.time.Instant;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/**
 * One line of the append-only proof of consent: what happened (requested, confirmed, withdrawn) for which email
 * category, how, from which source, with which wording, and when. Only marketing email needs consent; the
 * opt-in confirmation and internal notifications need none.
 */
@Table("consent_records")
public record ConsentRecord(@Id Long id, String leadId, String category, Event event, ConsentMethod method,
		String source, String consentText, Instant occurredAt) {

	static final String MARKETING = "MARKETING";

	public enum Event {
		REQUESTED, CONFIRMED, WITHDRAWN
	}
}
