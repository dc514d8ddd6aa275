package io.nurture.privacy;

import java.time.Instant;
import java.util.List;

import io.nurture.consent.ConsentRecord;
import io.nurture.consent.ConsentStatus;
import io.nurture.consent.TrackingConsent;
import io.nurture.email.DeliveryAttempt;
import io.nurture.email.OutboxMessage;
import io.nurture.lead.LeadSource;
import io.nurture.lead.Stage;
import io.nurture.lead.StageChange;
import io.nurture.sales.CrmHandover;
import io.nurture.sales.SalesReview;
import io.nurture.scoring.Interaction;
import io.nurture.scoring.ScoreLedgerEntry;

/**
 * Everything the engine holds about one lead (GDPR Art. 15 and 20): the profile and its sources, its consents to
 * marketing email and to tracking and their proof, interactions, the score ledger, every email with its delivery
 * attempts, the stage history, the sales decisions and the CRM handovers.
 */
record LeadExport(Instant exportedAt, Profile profile, Consent consent, List<Interaction> interactions,
		List<ScoreLedgerEntry> scoreLedger, List<Email> emails, List<StageChange> stageHistory,
		List<SalesReview> salesDecisions, List<CrmHandover> crmHandovers) {

	record Profile(String id, String email, String firstName, String lastName, String company, Integer companySize,
			String jobTitle, String industry, String phone, String country, String language, String timeZone,
			Stage stage, List<LeadSource> sources, Instant createdAt) {
	}

	/** Both consents, to marketing email ({@code status}) and to tracking, with the proof of each. */
	record Consent(ConsentStatus status, TrackingConsent tracking, List<ConsentRecord> records) {
	}

	record Email(OutboxMessage email, List<DeliveryAttempt> attempts) {
	}
}
