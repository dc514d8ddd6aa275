package io.nurture.scoring;

import java.time.Instant;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/**
 * One line of the append-only score ledger: on which axis the score changed, what caused it (an interaction, the
 * profile, decay, a long silence), the DMN decision and rule that matched, the points, and the score, grade and MQL verdict after it.
 */
@Table("score_ledger")
public record ScoreLedgerEntry(@Id Long id, String leadId, Axis axis, Cause cause, Long interactionId,
		String decision, String ruleId, String reason, int points, int scoreAfter, String gradeAfter,
		boolean mqlAfter, Instant createdAt) {

	/** Fit is who the lead is; engagement is what it did. */
	public enum Axis {
		FIT, ENGAGEMENT
	}

	public enum Cause {
		PROFILE, INTERACTION, DECAY, INACTIVITY
	}
}
