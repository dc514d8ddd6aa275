package io.nurture.consent;

import java.time.Instant;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.PersistenceCreator;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.Table;

/** The proof of a lead's consent: what it agreed to, where, and when it confirmed or withdrew. */
@Table("consents")
class Consent {

	@Id
	private final String leadId;
	private ConsentStatus status;
	private String source;
	private String consentText;
	private Instant requestedAt;
	private Instant confirmedAt;
	private Instant withdrawnAt;
	@Version
	private Long version;

	@PersistenceCreator
	Consent(String leadId, ConsentStatus status, String source, String consentText, Instant requestedAt,
			Instant confirmedAt, Instant withdrawnAt, Long version) {
		this.leadId = leadId;
		this.status = status;
		this.source = source;
		this.consentText = consentText;
		this.requestedAt = requestedAt;
		this.confirmedAt = confirmedAt;
		this.withdrawnAt = withdrawnAt;
		this.version = version;
	}

	static Consent none(String leadId, String source, String text) {
		return new Consent(leadId, ConsentStatus.NONE, source, text, null, null, null, null);
	}

	/** The lead ticked the box; it still has to confirm by email. A confirmed consent stays confirmed. */
	void request(String source, String text, Instant now) {
		if (status == ConsentStatus.CONFIRMED) {
			return;
		}
		this.status = ConsentStatus.REQUESTED;
		this.source = source;
		this.consentText = text;
		this.requestedAt = now;
		this.withdrawnAt = null;
	}

	/** Returns true when this click confirmed it; only a requested consent can be confirmed. */
	boolean confirm(Instant now) {
		if (status != ConsentStatus.REQUESTED) {
			return false;
		}
		status = ConsentStatus.CONFIRMED;
		confirmedAt = now;
		return true;
	}

	/** Returns true when this withdrew a consent that was given or asked for. */
	boolean withdraw(Instant now) {
		if (status == ConsentStatus.WITHDRAWN || status == ConsentStatus.NONE) {
			return false;
		}
		status = ConsentStatus.WITHDRAWN;
		withdrawnAt = now;
		return true;
	}

	ConsentStatus getStatus() {
		return status;
	}

	String getLeadId() {
		return leadId;
	}
}
