package io.nurture.scoring;

import java.time.Instant;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/** One line of the append-only score ledger: what changed the score, by how much, and the score after it. */
@Table("score_ledger")
public record ScoreLedgerEntry(@Id Long id, String leadId, Long interactionId, String reason, int points,
		int scoreAfter, Instant createdAt) {
}
