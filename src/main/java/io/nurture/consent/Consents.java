package io.nurture.consent;

import java.time.Clock;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Records, confirms and withdraws consent; the one place that says whether a lead may be emailed. */
@Service
public class Consents {

	private final ConsentRepository consents;
	private final ConsentSettings settings;
	private final ApplicationEventPublisher events;
	private final Clock clock;

	Consents(ConsentRepository consents, ConsentSettings settings, ApplicationEventPublisher events, Clock clock) {
		this.consents = consents;
		this.settings = settings;
		this.events = events;
		this.clock = clock;
	}

	/** The consent of a new lead: asked for when the lead ticked the box, none otherwise. */
	@Transactional
	public void record(String leadId, boolean given, String source) {
		Consent consent = Consent.none(leadId, source, settings.text());
		if (given) {
			consent.request(source, settings.text(), clock.instant());
		}
		consents.save(consent);
	}

	/** A known lead ticked the box again, possibly after withdrawing. */
	@Transactional
	public void request(String leadId, String source) {
		Consent consent = consents.findById(leadId).orElseGet(() -> Consent.none(leadId, source, settings.text()));
		consent.request(source, settings.text(), clock.instant());
		consents.save(consent);
	}

	@Transactional
	public void confirm(String leadId) {
		consents.findById(leadId).ifPresent(consent -> {
			if (consent.confirm(clock.instant())) {
				consents.save(consent);
				events.publishEvent(new ConsentConfirmed(leadId));
			}
		});
	}

	@Transactional
	public void withdraw(String leadId) {
		consents.findById(leadId).ifPresent(consent -> {
			if (consent.withdraw(clock.instant())) {
				consents.save(consent);
				events.publishEvent(new ConsentWithdrawn(leadId));
			}
		});
	}

	public ConsentStatus status(String leadId) {
		return consents.findById(leadId).map(Consent::getStatus).orElse(ConsentStatus.NONE);
	}
}
