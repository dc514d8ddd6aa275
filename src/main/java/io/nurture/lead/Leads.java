package io.nurture.lead;

import java.time.Clock;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.nurture.consent.Consents;
import io.nurture.scoring.Scoring;

/** Captures leads, keeps their profile and moves them through the funnel. */
@Service
public class Leads {

	private final LeadRepository leads;
	private final StageHistory history;
	private final Consents consents;
	private final Scoring scoring;
	private final ApplicationEventPublisher events;
	private final Clock clock;

	Leads(LeadRepository leads, StageHistory history, Consents consents, Scoring scoring,
			ApplicationEventPublisher events, Clock clock) {
		this.leads = leads;
		this.history = history;
		this.consents = consents;
		this.scoring = scoring;
		this.events = events;
		this.clock = clock;
	}

	/**
	 * Captures a lead. A known address (compared normalised) gets the new source added and starts
	 * no second journey; a new one is stored with its consent and score, and its journey starts.
	 */
	@Transactional
	public Capture capture(NewLead data) {
		Optional<Lead> known = leads.findByEmailNormalized(Lead.normalize(data.email()));
		if (known.isPresent()) {
			Lead lead = known.get();
			lead.recapture(data, clock.instant());
			leads.save(lead);
			scoring.reassess(lead.getId(), lead.scoringProfile());
			if (data.consent()) {
				consents.request(lead.getId(), data.source(), data.consentMethod());
			}
			if (data.trackingConsent()) {
				consents.giveTracking(lead.getId(), data.source(), data.consentMethod());
			}
			events.publishEvent(new LeadCaptured(lead.getId(), false));
			return new Capture(lead, false);
		}
		Lead lead = leads.save(Lead.capture(data, clock.instant()));
		consents.record(lead.getId(), data.consent(), data.trackingConsent(), data.source(), data.consentMethod());
		scoring.open(lead.getId(), lead.scoringProfile());
		events.publishEvent(new LeadCaptured(lead.getId(), true));
		return new Capture(lead, true);
	}

	/** A lead made from the data as a capture would make it, but not stored: a sample for journey simulations. */
	public Lead sample(NewLead data) {
		return Lead.capture(data, clock.instant());
	}

	public Optional<Lead> find(String leadId) {
		return leads.findById(leadId);
	}

	/** The lead with this address, compared without case and surrounding blanks. */
	public Optional<Lead> findByEmail(String email) {
		return leads.findByEmailNormalized(Lead.normalize(email));
	}

	public Lead require(String leadId) {
		return leads.findById(leadId).orElseThrow(() -> new LeadNotFoundException(leadId));
	}

	/** The lead's stage, read without the rest of the lead. */
	public Stage stage(String leadId) {
		return leads.findStage(leadId).orElseThrow(() -> new LeadNotFoundException(leadId));
	}

	/** The lead's address and the profile fields an email may use, read without the rest of the lead. */
	public Recipient recipient(String leadId) {
		return leads.findRecipient(leadId).orElseThrow(() -> new LeadNotFoundException(leadId));
	}

	/**
	 * Where the leads are, for the send window: their time zones and countries, read without the rest of the leads,
	 * in one query. A lead that does not exist is missing from the answer.
	 */
	public Map<String, Whereabouts> whereabouts(Collection<String> leadIds) {
		return leads.findWhereabouts(leadIds).stream().collect(Collectors.toMap(LeadRepository.Located::id,
				lead -> new Whereabouts(lead.timeZone(), lead.country())));
	}

	/** Moves the lead to a stage and records why; a move the funnel forbids is refused. */
	@Transactional
	public Lead changeStage(String leadId, Stage stage, String cause) {
		Lead lead = require(leadId);
		lead.moveTo(stage, cause, clock.instant());
		return leads.save(lead);
	}

	public List<StageChange> history(String leadId) {
		require(leadId);
		return history.of(leadId);
	}

	/** How many leads stand in each stage (stages without leads are missing): a figure for operators. */
	public Map<Stage, Long> countByStage() {
		Map<Stage, Long> counts = new EnumMap<>(Stage.class);
		leads.countByStage().forEach(count -> counts.put(count.stage(), count.leads()));
		return counts;
	}

	/**
	 * Forgets the lead: its profile, sources and stage history (whose causes may quote sales' comments). The caller
	 * erases what other features hold first; afterwards the lead is unknown to every API.
	 */
	@Transactional
	public void erase(String leadId) {
		require(leadId);
		history.erase(leadId);
		leads.deleteSources(leadId);
		leads.deleteLead(leadId);
	}

	/** The result of a capture: the lead, and whether it was new. */
	public record Capture(Lead lead, boolean created) {
	}
}
