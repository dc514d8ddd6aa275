package io.nurture.journey;

import java.util.List;

/**
 * What a migration did or, in a dry run, would do: per source version how many leads wait where and where they
 * continue, and which leads cannot move, with Camunda's reasons.
 */
record MigrationReport(String journey, int toVersion, boolean dryRun, int leads, int movable, int moved,
		List<Source> sources) {

	/** The leads of one older version. */
	record Source(int version, int leads, int movable, List<Move> activities, List<Refusal> notMovable) {
	}

	/** Leads waiting at {@code from} continue at {@code to}; {@code to} is missing where no instruction says where. */
	record Move(String from, String fromName, String to, String toName, int leads) {
	}

	/** A lead that stays on its version, and why. */
	record Refusal(String lead, String processInstanceId, List<String> activities, List<String> reasons) {
	}
}
