package io.nurture.scoring;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.ResourceHolderSupport;
import org.springframework.transaction.support.ResourceHolderSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import io.nurture.scoring.ScoreLedgerEntry.Axis;
import io.nurture.scoring.ScoreLedgerEntry.Cause;
import io.nurture.scoring.ScoreRepository.Assessed;
import io.nurture.scoring.ScoreRepository.LeadScore;
import io.nurture.scoring.ScoringRules.MatchedRule;
import io.nurture.scoring.ScoringRules.Qualification;

/**
 * Scores leads with the DMN scoring model of their journey: fit from the profile, engagement from each interaction
 * (applied exactly once), fading with time. Every change is a ledger line naming the rule that caused it; a change
 * and its ledger lines are written together or not at all.
 */
@Service
public class Scoring {

	/** What the engagement table is asked about a lead that has been silent for the inactivity period. */
	static final String NO_RECENT_ACTIVITY = "NO_RECENT_ACTIVITY";

	private final InteractionRepository interactions;
	private final ScoreRepository scores;
	private final ScoreLedger ledger;
	private final ScoreWrites writes;
	private final ScoringRules rules;
	private final ScoringSettings settings;
	private final ApplicationEventPublisher events;
	private final Clock clock;

	Scoring(InteractionRepository interactions, ScoreRepository scores, ScoreLedger ledger, ScoreWrites writes,
			ScoringRules rules, ScoringSettings settings, ApplicationEventPublisher events, Clock clock) {
		this.interactions = interactions;
		this.scores = scores;
		this.ledger = ledger;
		this.writes = writes;
		this.rules = rules;
		this.settings = settings;
		this.events = events;
		this.clock = clock;
	}

	/** A new lead starts with no engagement and the fit its profile earns under the default model. */
	@Transactional
	public Assessment open(String leadId, ScoringProfile profile) {
		scores.open(leadId, settings.defaultModel(), clock.instant());
		return assess(lockedScore(leadId), settings.defaultModel(), () -> profile, Optional.empty(), true);
	}

	/** Re-evaluates fit after the profile changed; nothing is written when no fit rule changes. */
	@Transactional
	public Assessment reassess(String leadId, ScoringProfile profile) {
		return assess(lockedScore(leadId), null, () -> profile, Optional.empty(), true);
	}

	/**
	 * Stores an interaction and announces it for scoring, and answers it with the lead's assessment at the end: after
	 * the interaction was applied where its journey (or the direct path) applies it at once, as before it where the
	 * journey applies it later. An interaction whose idempotency key the lead already used is the same interaction:
	 * it is returned as it is and scored no second time. Interactions of one lead are recorded one after another, so
	 * that they do not collide in its journey.
	 */
	@Transactional
	public Recorded record(String leadId, NewInteraction data) {
		lockedScore(leadId);
		if (data.idempotencyKey() != null) {
			Optional<Interaction> seen = interactions.findByLeadIdAndIdempotencyKey(leadId, data.idempotencyKey());
			if (seen.isPresent()) {
				return new Recorded(seen.get(), assessment(lockedScore(leadId)));
			}
		}
		Instant now = clock.instant();
		Interaction interaction = writes.insert(new Interaction(null, leadId, data.type(), data.url(),
				data.content(), data.idempotencyKey(), data.occurredAt() != null ? data.occurredAt() : now, now, false));
		UnitOfWork work = unitOfWork();
		if (work != null) {
			work.recorded.put(interaction.id(), interaction);
		}
		events.publishEvent(new InteractionRecorded(leadId, interaction.id(), interaction.type()));
		return new Recorded(interaction, assessment(lockedScore(leadId)));
	}

	/** A recorded interaction and where its lead stood when the recording transaction ended. */
	public record Recorded(Interaction interaction, Assessment assessment) {
	}

	/**
	 * Applies an interaction with the given model (the lead's current one when null); a second call for the same
	 * interaction changes nothing. Fit is re-evaluated only when the model or its deployed fit table changed since
	 * the lead's last assessment, so the profile is read only then.
	 */
	@Transactional
	public Assessment apply(long interactionId, String model, Supplier<ScoringProfile> profile) {
		UnitOfWork work = unitOfWork();
		Interaction interaction = Optional.ofNullable(work != null ? work.recorded.get(interactionId) : null)
				.or(() -> interactions.findById(interactionId))
				.orElseThrow(() -> new IllegalArgumentException("No interaction with id " + interactionId));
		LeadScore current = lockedScore(interaction.leadId());
		if (interactions.markScored(interactionId) == 0) {
			return assessment(current);
		}
		return assess(current, model, profile, Optional.of(interaction), false);
	}

	/**
	 * Lets engagement fade by the configured half-life since the lead last faded, and counts a long silence against
	 * it once (the model's engagement rule for {@code NO_RECENT_ACTIVITY}). Recorded in the ledger like any other
	 * change; the journey is not told, so decay never takes a lead out of its journey.
	 */
	@Transactional
	public Optional<Assessment> decay(String leadId) {
		LeadScore current = lockedScore(leadId);
		Instant now = clock.instant();
		ScoringSettings.Decay decay = settings.decay();
		double halfLives = (double) Duration.between(current.decayedAt(), now).toMillis() / decay.halfLife().toMillis();
		int faded = (int) Math.round(current.engagementScore() * Math.pow(0.5, halfLives))
				- current.engagementScore();
		List<Change> changes = new ArrayList<>();
		if (faded != 0) {
			changes.add(new Change(Axis.ENGAGEMENT, Cause.DECAY, null, new MatchedRule(null, "engagement-decay", faded,
					"Engagement fades (half-life " + decay.halfLife().toDays() + " days)", Map.of())));
		}
		Instant lastActive = current.lastInteractionAt();
		if (lastActive != null && lastActive.plus(decay.inactiveAfter()).isBefore(now)
				&& ledger.countSince(leadId, Cause.INACTIVITY.name(), lastActive) == 0) {
			MatchedRule silence = rules.engagement(current.model(), NO_RECENT_ACTIVITY, null);
			if (silence.points() != 0) {
				changes.add(new Change(Axis.ENGAGEMENT, Cause.INACTIVITY, null, silence));
			}
		}
		if (changes.isEmpty()) {
			// Too little time for a whole point: the next run measures from the same moment, so nothing is lost.
			return Optional.empty();
		}
		Assessed after = record(leadId, current, current.model(), current.reachable(), changes, now);
		LeadScore decayed = current.with(current.model(), after, current.reachable(), current.lastInteractionAt(),
				faded != 0 ? now : current.decayedAt(), now, current.fitTable());
		update(decayed);
		return Optional.of(assessment(decayed));
	}

	/** Leads, in id order after {@code afterLeadId}, whose engagement has not faded for a decay interval. */
	List<String> dueForDecay(String afterLeadId, int limit) {
		return scores.dueForDecay(clock.instant().minus(settings.decay().interval()), afterLeadId, limit);
	}

	public int score(String leadId) {
		return scores.find(leadId).map(LeadScore::score).orElse(0);
	}

	/** The title of the content the lead downloaded last, for emails that follow up on it. */
	public Optional<String> lastDownloadedContent(String leadId) {
		return interactions.findLastDownloadedContent(leadId);
	}

	public Optional<Assessment> assessment(String leadId) {
		return scores.find(leadId).map(Scoring::assessment);
	}

	/** What the lead did, oldest first: what sales reads as its engagement. */
	public List<Interaction> interactions(String leadId) {
		return interactions.findByLeadIdOrderByOccurredAt(leadId);
	}

	public List<ScoreLedgerEntry> ledger(String leadId) {
		return ledger.findByLeadId(leadId);
	}

	/** Why the lead has its score: values, MQL verdict, the largest contributions and the whole ledger. */
	public ScoreExplanation explain(String leadId) {
		LeadScore current = scores.find(leadId)
				.orElseThrow(() -> new IllegalArgumentException("No lead with id " + leadId + " is scored"));
		Qualification qualification = rules.qualify(current.model(), current.fitScore(), current.engagementScore(),
				current.reachable());
		return new ScoreExplanation(leadId, current.model(), current.score(), current.fitScore(),
				current.engagementScore(), current.grade(), qualification.fitGrade(), qualification.engagementGrade(),
				current.mql(), qualification.reason(), ledger.contributions(leadId, settings.topContributions()),
				ledger.findByLeadId(leadId));
	}

	/**
	 * Re-evaluates fit where the profile, the model or its fit table changed, adds the interaction's engagement if
	 * there is one, and writes the lines that changed.
	 */
	private Assessment assess(LeadScore current, String requestedModel, Supplier<ScoringProfile> profile,
			Optional<Interaction> interaction, boolean profileChanged) {
		String leadId = current.leadId();
		String model = requestedModel != null ? requestedModel : current.model();
		String fitTable = rules.fitTable(model);
		boolean refit = profileChanged || !model.equals(current.model()) || !fitTable.equals(current.fitTable());
		ScoringProfile refitted = refit ? profile.get() : null;
		boolean reachable = refit ? refitted.reachable() : current.reachable();
		Instant now = clock.instant();
		List<Change> changes = new ArrayList<>(refit ? fitChanges(leadId, model, refitted) : List.of());
		interaction.ifPresent(done -> {
			MatchedRule rule = rules.engagement(model, done.type(), done.url());
			changes.add(new Change(Axis.ENGAGEMENT, Cause.INTERACTION, done.id(), rule));
		});
		Assessed after = record(leadId, current, model, reachable, changes, now);
		Instant lastInteraction = interaction.map(Interaction::occurredAt)
				.filter(at -> current.lastInteractionAt() == null || at.isAfter(current.lastInteractionAt()))
				.orElse(current.lastInteractionAt());
		LeadScore updated = current.with(model, after, reachable, lastInteraction, current.decayedAt(), now, fitTable);
		update(updated);
		return assessment(updated);
	}

	/** Writes a ledger line per change, each with the score, grade and MQL verdict after it; answers the result. */
	private Assessed record(String leadId, LeadScore current, String model, boolean reachable, List<Change> changes,
			Instant now) {
		int fit = current.fitScore();
		int engagement = current.engagementScore();
		Qualification after = rules.qualify(model, fit, engagement, reachable);
		for (Change change : changes) {
			if (change.axis() == Axis.FIT) {
				fit += change.rule().points();
			}
			else {
				engagement += change.rule().points();
			}
			after = rules.qualify(model, fit, engagement, reachable);
			writes.insert(new ScoreLedgerEntry(null, leadId, change.axis(), change.cause(), change.interactionId(),
					change.rule().decision(), change.rule().ruleId(), change.rule().reason(), change.rule().points(),
					fit + engagement, after.grade(), after.mql(), now));
		}
		return new Assessed(fit, engagement, after.grade(), after.mql());
	}

	/** The fit rules whose contribution differs from what the ledger holds: new rules add, lapsed rules take back. */
	private List<Change> fitChanges(String leadId, String model, ScoringProfile profile) {
		Map<String, Integer> held = new HashMap<>();
		ledger.fitByRule(leadId).forEach(total -> held.put(total.ruleId(), total.points()));
		List<Change> changes = new ArrayList<>();
		for (MatchedRule rule : rules.fit(model, profile)) {
			int delta = rule.points() - held.getOrDefault(rule.ruleId(), 0);
			held.remove(rule.ruleId());
			if (delta != 0) {
				changes.add(new Change(Axis.FIT, Cause.PROFILE, null,
						new MatchedRule(rule.decision(), rule.ruleId(), delta, rule.reason(), rule.outputs())));
			}
		}
		held.forEach((ruleId, points) -> {
			if (points != 0) {
				changes.add(new Change(Axis.FIT, Cause.PROFILE, null, new MatchedRule(model + "-fit", ruleId, -points,
						"No longer applies: " + reasonOf(leadId, ruleId), Map.of())));
			}
		});
		return changes;
	}

	private String reasonOf(String leadId, String ruleId) {
		return ledger.findByLeadId(leadId).stream().filter(line -> ruleId.equals(line.ruleId()))
				.map(ScoreLedgerEntry::reason).findFirst().orElse(ruleId);
	}

	/**
	 * The lead's assessment, its row locked until the transaction ends. Read once per transaction: the lock keeps
	 * every other writer out, and this transaction's own changes go through {@link #update}.
	 */
	private LeadScore lockedScore(String leadId) {
		UnitOfWork work = unitOfWork();
		LeadScore held = work != null ? work.locked.get(leadId) : null;
		if (held != null) {
			return held;
		}
		LeadScore locked = scores.lock(leadId).orElseThrow(() -> new UnscoredLeadException(leadId));
		if (work != null) {
			work.locked.put(leadId, locked);
		}
		return locked;
	}

	private void update(LeadScore changed) {
		writes.update(changed);
		UnitOfWork work = unitOfWork();
		if (work != null) {
			work.locked.put(changed.leadId(), changed);
		}
	}

	/**
	 * What the current transaction already read or wrote: the score rows it holds locked, as they stand now, and the
	 * interactions it recorded. Recording an interaction and applying it happen in one transaction (the journey's
	 * re-scoring step runs inside the request), and reading the same rows again was a fifth of an interaction's round
	 * trips to the database. Bound to the transaction like its JDBC connection: a suspended transaction's rows are
	 * not seen by the one that runs meanwhile, and what a finished transaction left is never taken for the next
	 * one's. None outside a transaction, where nothing is held.
	 */
	private UnitOfWork unitOfWork() {
		if (!TransactionSynchronizationManager.isActualTransactionActive()
				|| !TransactionSynchronizationManager.isSynchronizationActive()) {
			return null;
		}
		UnitOfWork work = (UnitOfWork) TransactionSynchronizationManager.getResource(this);
		if (work != null && TransactionSynchronizationManager.getSynchronizations().contains(work.synchronization)) {
			return work;
		}
		if (work != null) {
			TransactionSynchronizationManager.unbindResource(this);
		}
		work = new UnitOfWork(this);
		TransactionSynchronizationManager.bindResource(this, work);
		TransactionSynchronizationManager.registerSynchronization(work.synchronization);
		return work;
	}

	private static final class UnitOfWork extends ResourceHolderSupport {

		final Map<String, LeadScore> locked = new HashMap<>();
		final Map<Long, Interaction> recorded = new HashMap<>();
		final ResourceHolderSynchronization<UnitOfWork, Object> synchronization;

		UnitOfWork(Object key) {
			this.synchronization = new ResourceHolderSynchronization<>(this, key) {
			};
		}
	}

	private static Assessment assessment(LeadScore score) {
		return new Assessment(score.leadId(), score.model(), score.score(), score.fitScore(), score.engagementScore(),
				score.grade(), score.mql());
	}

	private record Change(Axis axis, Cause cause, Long interactionId, MatchedRule rule) {
	}

	/** Deletes up to {@code limit} scored interactions that happened before {@code cutoff}; returns how many. */
	@Transactional
	public int pruneInteractions(Instant cutoff, int limit) {
		return interactions.deleteScoredBefore(cutoff, limit);
	}

	/** Up to {@code limit} leads whose ledger has lines before {@code cutoff} that {@link #compactLedger} would fold. */
	public List<String> compactableLedgers(Instant cutoff, int limit) {
		return ledger.findCompactable(cutoff, limit);
	}

	/**
	 * Folds the lead's ledger lines from before {@code cutoff} into one line per axis, cause, decision and rule: the
	 * latest line of each group keeps its place, time and score after it, takes the points of the whole group and
	 * says how many lines it stands for. Every sum the score is built from (per rule, per axis, in total) still holds,
	 * and so does "was the lead penalised for this silence yet". Returns how many lines were removed.
	 */
	@Transactional
	public int compactLedger(String leadId, Instant cutoff) {
		lockedScore(leadId);
		Map<List<Object>, List<ScoreLedgerEntry>> groups = new LinkedHashMap<>();
		for (ScoreLedgerEntry line : ledger.findByLeadId(leadId)) {
			if (line.createdAt().isBefore(cutoff)) {
				groups.computeIfAbsent(Arrays.asList(line.axis(), line.cause(), line.decision(), line.ruleId()),
						key -> new ArrayList<>()).add(line);
			}
		}
		List<Long> removed = new ArrayList<>();
		for (List<ScoreLedgerEntry> group : groups.values()) {
			if (group.size() > 1) {
				ScoreLedgerEntry latest = group.get(group.size() - 1);
				int points = group.stream().mapToInt(ScoreLedgerEntry::points).sum();
				String reason = group.get(0).reason() + " (" + group.size() + " lines until "
						+ latest.createdAt().atZone(ZoneOffset.UTC).toLocalDate() + ")";
				ledger.fold(latest.id(), points, reason.length() <= 200 ? reason : reason.substring(0, 200));
				group.subList(0, group.size() - 1).forEach(line -> removed.add(line.id()));
			}
		}
		if (!removed.isEmpty()) {
			ledger.deleteAll(removed);
		}
		return removed.size();
	}

	/** Forgets the lead's interactions (their pages and content say what the person read), ledger and score. */
	@Transactional
	public void erase(String leadId) {
		ledger.deleteByLeadId(leadId);
		interactions.deleteByLeadId(leadId);
		scores.deleteByLeadId(leadId);
		UnitOfWork work = unitOfWork();
		if (work != null) {
			work.locked.remove(leadId);
			work.recorded.values().removeIf(interaction -> interaction.leadId().equals(leadId));
		}
	}
}
