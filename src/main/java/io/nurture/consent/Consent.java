package io.nurture.consent;

import java.time.Instant;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.PersistenceCreator;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.Table;

/**
 * The proof of a lead's consent: what it agreed to, where, and when it confirmed or withdrew; and, apart from it,
 * whether it lets us track its opens, clicks and visits.
 */
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
	private TrackingConsent trackingStatus;
	private Instant trackingChangedAt;
	@Version
	private Long version;

	@PersistenceCreator
	Consent(String leadId, ConsentStatus status, String source, String consentText, Instant requestedAt,
			Instant confirmedAt, Instant withdrawnAt, TrackingConsent trackingStatus, Instant trackingChangedAt,
			Long version) {
		this.leadId = leadId;
		this.status = status;
		this.source = source;
		this.consentText = consentText;
		this.requestedAt = requestedAt;
		this.confirmedAt = confirmedAt;
		this.withdrawnAt = withdrawnAt;
		this.trackingStatus = trackingStatus != null ? trackingStatus : TrackingConsent.NONE;
		this.trackingChangedAt = trackingChangedAt;
		this.version = version;
	}

	static Consent none(String leadId, String source, String text) {
		return new Consent(leadId, ConsentStatus.NONE, source, text, null, null, null, TrackingConsent.NONE, null, null);
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

	/** Returns true when this gave a tracking consent the lead had not given; a tick needs no confirmation. */
	boolean giveTracking(Instant now) {
		if (trackingStatus == TrackingConsent.GIVEN) {
			return false;
		}
		trackingStatus = TrackingConsent.GIVEN;
		trackingChangedAt = now;
		return true;
	}

	/** Returns true when this withdrew a given tracking consent. */
	boolean withdrawTracking(Instant now) {
		if (trackingStatus != TrackingConsent.GIVEN) {
			return false;
		}
		trackingStatus = TrackingConsent.WITHDRAWN;
		trackingChangedAt = now;
		return true;
	}

	TrackingConsent getTrackingStatus() {
		return trackingStatus;
	}

	ConsentStatus getStatus() {
		return status;
	}

	String getLeadId() {
		return leadId;
	}
}
