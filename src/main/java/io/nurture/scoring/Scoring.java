package io.nurture.scoring;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Records interactions and applies their points, each exactly once, with a ledger line for every change. */
@Service
public class Scoring {

	private final InteractionRepository interactions;
	private final ScoreRepository scores;
	private final ScoreLedger ledger;
	private final ScoringSettings settings;
	private final ApplicationEventPublisher events;
	private final Clock clock;

	Scoring(InteractionRepository interactions, ScoreRepository scores, ScoreLedger ledger,
			ScoringSettings settings, ApplicationEventPublisher events, Clock clock) {
		this.interactions = interactions;
		this.scores = scores;
		this.ledger = ledger;
		this.settings = settings;
		this.events = events;
		this.clock = clock;
	}

	/** Every new lead starts at zero. */
	@Transactional
	public void open(String leadId) {
		scores.open(leadId, clock.instant());
	}

	/**
	 * Stores an interaction and announces it for scoring. An interaction whose idempotency key
	 * the lead already used is the same interaction: it is returned as it is and scored no second time.
	 * Interactions of one lead are recorded one after another, so that they do not collide in its journey.
	 */
	@Transactional
	public Interaction record(String leadId, NewInteraction data) {
		if (scores.lockScore(leadId).isEmpty()) {
			throw new IllegalArgumentException("No lead with id " + leadId + " is scored");
		}
		if (data.idempotencyKey() != null) {
			Optional<Interaction> seen = interactions.findByLeadIdAndIdempotencyKey(leadId, data.idempotencyKey());
			if (seen.isPresent()) {
				return seen.get();
			}
		}
		Instant now = clock.instant();
		Interaction interaction = interactions.save(new Interaction(null, leadId, data.type(), data.url(),
				data.content(), data.idempotencyKey(), data.occurredAt() != null ? data.occurredAt() : now, now, false));
		events.publishEvent(new InteractionRecorded(leadId, interaction.id()));
		return interaction;
	}

	/** Applies an interaction's points; a second call for the same interaction changes nothing. */
	@Transactional
	public ScoreChange apply(long interactionId) {
		Interaction interaction = interactions.findById(interactionId)
				.orElseThrow(() -> new IllegalArgumentException("No interaction with id " + interactionId));
		String leadId = interaction.leadId();
		if (interactions.markScored(interactionId) == 0) {
			return new ScoreChange(leadId, 0, score(leadId));
		}
		int points = settings.pointsFor(interaction.type());
		Instant now = clock.instant();
		scores.add(leadId, points, now);
		int score = score(leadId);
		ledger.save(new ScoreLedgerEntry(null, leadId, interactionId, interaction.type().name(), points, score, now));
		return new ScoreChange(leadId, points, score);
	}

	/** The MQL rule: enough points, and sales can reach the person. */
	public boolean isSalesReady(int score, boolean reachable) {
		return reachable && score >= settings.mqlThreshold();
	}

	public int score(String leadId) {
		return scores.scoreOf(leadId).orElse(0);
	}

	public List<ScoreLedgerEntry> ledger(String leadId) {
		return ledger.findByLeadId(leadId);
	}
}
