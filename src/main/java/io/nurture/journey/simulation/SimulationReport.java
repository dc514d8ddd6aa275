package io.nurture.journey.simulation;

import java.time.Instant;
import java.util.List;

/**
 * How a journey would treat a sample lead, in simulated time: each entry has its instant ({@code at}) and the time
 * since the start ({@code after}, e.g. {@code P3D}). Nothing was sent or stored.
 */
record SimulationReport(String journey, int version, Instant start, Outcome outcome, List<Email> emails,
		Milestone mql, List<Step> path, List<Branch> branches, List<ReactionResult> reactions, List<Score> scores,
		List<Milestone> stages, List<Action> actions) {

	/** How the simulation ended: {@code ENDED}, {@code WAITING_FOR_TASK}, {@code WAITING}, {@code HORIZON}, {@code STEP_LIMIT} or {@code FAILED}. */
	record Outcome(String state, Instant at, String after, String description) {
	}

	/** An email the journey would send, or would not send for lack of consent ({@code notSent} says why). */
	record Email(Instant at, String after, String step, String template, String category, String subject,
			List<String> firstLines, String notSent) {
	}

	record Step(Instant at, String after, String process, String activity, String name, String type) {
	}

	/** A gateway's choice: the flow taken, by its label or where it leads. */
	record Branch(Instant at, String after, String gateway, String took) {
	}

	record ReactionResult(Instant at, String after, String type, String result) {
	}

	record Score(Instant at, String after, String step, int score, int fitScore, int engagementScore, String grade,
			boolean mql) {
	}

	/** A stage change (or the moment the lead became an MQL), and its cause. */
	record Milestone(Instant at, String after, String stage, String cause) {
	}

	/** A step whose delegate the simulation does not imitate: recorded, not run. */
	record Action(Instant at, String after, String bean, String step) {
	}
}
