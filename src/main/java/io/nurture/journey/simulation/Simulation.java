package io.nurture.journey.simulation;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.nurture.consent.ConsentStatus;
import io.nurture.journey.simulation.SimulationReport.Action;
import io.nurture.journey.simulation.SimulationReport.Branch;
import io.nurture.journey.simulation.SimulationReport.Email;
import io.nurture.journey.simulation.SimulationReport.Milestone;
import io.nurture.journey.simulation.SimulationReport.ReactionResult;
import io.nurture.journey.simulation.SimulationReport.Score;
import io.nurture.journey.simulation.SimulationReport.Step;
import io.nurture.lead.Lead;
import io.nurture.scoring.ScoringPreview.SampleInteraction;

/**
 * One simulation's sample lead and simulated clock, and what happened to the lead so far. The simulation delegates
 * read and change it while the in-memory engine runs the journey; one simulation runs on one thread.
 */
final class Simulation {

	final Lead lead;
	final Instant start;
	ConsentStatus consent;
	String scoringModel;
	final List<SampleInteraction> interactions = new ArrayList<>();
	final List<Integer> scored = new ArrayList<>();

	private Instant now;
	private Instant lastEmailAt;
	final List<Email> emails = new ArrayList<>();
	final List<Step> path = new ArrayList<>();
	final List<Branch> branches = new ArrayList<>();
	final List<ReactionResult> reactions = new ArrayList<>();
	final List<Score> scores = new ArrayList<>();
	final List<Milestone> stages = new ArrayList<>();
	final List<Action> actions = new ArrayList<>();
	Milestone mql;

	Simulation(Lead lead, ConsentStatus consent, String scoringModel, Instant start) {
		this.lead = lead;
		this.consent = consent;
		this.scoringModel = scoringModel;
		this.start = start;
		this.now = start;
	}

	Instant now() {
		return now;
	}

	void advanceTo(Instant instant) {
		if (instant.isAfter(now)) {
			now = instant;
		}
	}

	/** Reactions count from the last email, or the reaction before, or the start. */
	Instant lastEvent() {
		Instant last = start;
		if (lastEmailAt != null && lastEmailAt.isAfter(last)) {
			last = lastEmailAt;
		}
		if (!reactions.isEmpty() && reactions.get(reactions.size() - 1).at().isAfter(last)) {
			last = reactions.get(reactions.size() - 1).at();
		}
		return last;
	}

	/** Time since the start as an ISO duration in days and time: {@code P0D}, {@code P3D}, {@code P2DT4H}. */
	String after() {
		Duration elapsed = Duration.between(start, now);
		long days = elapsed.toDays();
		Duration rest = elapsed.minusDays(days);
		return rest.isZero() ? "P" + days + "D" : "P" + (days == 0 ? "" : days + "D") + rest.toString().substring(1);
	}

	void emailed(String step, String template, String category, String subject, List<String> firstLines,
			String notSent) {
		emails.add(new Email(now, after(), step, template, category, subject, firstLines, notSent));
		if (notSent == null) {
			lastEmailAt = now;
		}
	}

	void passed(String process, String activity, String name, String type) {
		path.add(new Step(now, after(), process, activity, name, type));
	}

	void branched(String gateway, String took) {
		branches.add(new Branch(now, after(), gateway, took));
	}

	void reacted(String type, String result) {
		reactions.add(new ReactionResult(now, after(), type, result));
	}

	void scored(String step, int score, int fit, int engagement, String grade, boolean qualifies) {
		scores.add(new Score(now, after(), step, score, fit, engagement, grade, qualifies));
	}

	void staged(String stage, String cause) {
		Milestone change = new Milestone(now, after(), stage, cause);
		stages.add(change);
		if ("MQL".equals(stage) && mql == null) {
			mql = change;
		}
	}

	void recorded(String bean, String step) {
		actions.add(new Action(now, after(), bean, step));
	}
}
