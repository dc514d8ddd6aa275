package io.nurture.consent;

import java.time.Clock;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Records, confirms and withdraws consent; the one place that says whether a lead may be emailed, and whether its
 * opens, clicks and visits may be tracked.
 */
@Service
public class Consents {

	private final ConsentRepository consents;
	private final ConsentRecordRepository records;
	private final ConsentSettings settings;
	private final ApplicationEventPublisher events;
	private final Clock clock;

	Consents(ConsentRepository consents, ConsentRecordRepository records, ConsentSettings settings,
			ApplicationEventPublisher events, Clock clock) {
		this.consents = consents;
		this.records = records;
		this.settings = settings;
		this.events = events;
		this.clock = clock;
	}

	/** The consent of a new lead: asked for when the lead ticked the box, none otherwise. */
	@Transactional
	public void record(String leadId, boolean given, String source, ConsentMethod method) {
		record(leadId, given, false, source, method);
	}

	/**
	 * The consents of a new lead: marketing email asked for when the lead ticked that box, tracking given when it
	 * ticked the tracking box; none otherwise.
	 */
	@Transactional
	public void record(String leadId, boolean given, boolean tracking, String source, ConsentMethod method) {
		Consent consent = Consent.none(leadId, source, settings.text());
		if (given) {
			consent.request(source, settings.text(), clock.instant());
			prove(leadId, ConsentRecord.MARKETING, ConsentRecord.Event.REQUESTED, method, source);
		}
		if (tracking && consent.giveTracking(clock.instant())) {
			prove(leadId, ConsentRecord.TRACKING, ConsentRecord.Event.GIVEN, method, source);
		}
		consents.save(consent);
	}

	/** A known lead ticked the box again, possibly after withdrawing. */
	@Transactional
	public void request(String leadId, String source, ConsentMethod method) {
		Consent consent = consents.findById(leadId).orElseGet(() -> Consent.none(leadId, source, settings.text()));
		if (consent.getStatus() != ConsentStatus.CONFIRMED) {
			prove(leadId, ConsentRecord.MARKETING, ConsentRecord.Event.REQUESTED, method, source);
		}
		consent.request(source, settings.text(), clock.instant());
		consents.save(consent);
	}

	/**
	 * The lead agreed to tracking (a tick on a form, a cookie banner, a preference page): its opens, clicks and
	 * visits may be recorded and shown to sales. Giving it again changes nothing.
	 */
	@Transactional
	public void giveTracking(String leadId, String source, ConsentMethod method) {
		Consent consent = consents.findById(leadId)
				.orElseGet(() -> Consent.none(leadId, source != null ? source : "api", settings.text()));
		if (consent.giveTracking(clock.instant())) {
			consents.save(consent);
			prove(leadId, ConsentRecord.TRACKING, ConsentRecord.Event.GIVEN, method, source);
		}
	}

	/** The lead withdrew its tracking consent: from now on no open or click is recorded, and sales sees no details. */
	@Transactional
	public void withdrawTracking(String leadId, ConsentMethod method) {
		consents.findById(leadId).ifPresent(consent -> {
			if (consent.withdrawTracking(clock.instant())) {
				consents.save(consent);
				prove(leadId, ConsentRecord.TRACKING, ConsentRecord.Event.WITHDRAWN, method, null);
			}
		});
	}

	public TrackingConsent tracking(String leadId) {
		return consents.findById(leadId).map(Consent::getTrackingStatus).orElse(TrackingConsent.NONE);
	}

	/** Confirmed through the API; the confirmation link says {@link ConsentMethod#CONFIRMATION_LINK}. */
	@Transactional
	public void confirm(String leadId) {
		confirm(leadId, ConsentMethod.API);
	}

	@Transactional
	public void confirm(String leadId, ConsentMethod method) {
		consents.findById(leadId).ifPresent(consent -> {
			if (consent.confirm(clock.instant())) {
				consents.save(consent);
				prove(leadId, ConsentRecord.MARKETING, ConsentRecord.Event.CONFIRMED, method, null);
				events.publishEvent(new ConsentConfirmed(leadId));
			}
		});
	}

	/** Withdrawn through the API; the unsubscribe page, one-click unsubscribe and complaints name their way. */
	@Transactional
	public void withdraw(String leadId) {
		withdraw(leadId, ConsentMethod.API);
	}

	@Transactional
	public void withdraw(String leadId, ConsentMethod method) {
		consents.findById(leadId).ifPresent(consent -> {
			if (consent.withdraw(clock.instant())) {
				consents.save(consent);
				prove(leadId, ConsentRecord.MARKETING, ConsentRecord.Event.WITHDRAWN, method, null);
				events.publishEvent(new ConsentWithdrawn(leadId));
			}
		});
	}

	/** The proof: every request, confirmation and withdrawal of the lead's consent, oldest first. */
	public List<ConsentRecord> records(String leadId) {
		return records.findByLeadIdOrderById(leadId);
	}

	/** A proof line; the wording agreed to is kept with each request (marketing) or giving (tracking). */
	private void prove(String leadId, String category, ConsentRecord.Event event, ConsentMethod method, String source) {
		String wording = switch (event) {
			case REQUESTED -> settings.text();
			case GIVEN -> settings.trackingText();
			default -> null;
		};
		records.save(new ConsentRecord(null, leadId, category, event, method, source, wording, clock.instant()));
	}

	public ConsentStatus status(String leadId) {
		return consents.findStatus(leadId).orElse(ConsentStatus.NONE);
	}

	/** The consent of each of the leads, NONE for a lead without one; one query for all of them. */
	public Map<String, ConsentStatus> statuses(Collection<String> leadIds) {
		Map<String, ConsentStatus> statuses = new HashMap<>();
		leadIds.forEach(leadId -> statuses.put(leadId, ConsentStatus.NONE));
		consents.findStatuses(leadIds).forEach(consent -> statuses.put(consent.leadId(), consent.status()));
		return statuses;
	}

	/** Forgets the lead's consent and its proof; an erased person's address is suppressed instead (email). */
	@Transactional
	public void erase(String leadId) {
		records.deleteByLeadId(leadId);
		consents.deleteByLeadId(leadId);
	}
}
