package io.nurture.scoring;

import java.sql.Timestamp;
import java.time.Instant;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

import io.nurture.scoring.ScoreRepository.LeadScore;

/**
 * The three writes of every interaction, as plain statements: the interaction, its ledger line and the lead's new
 * score. Spring Data JDBC's aggregate machinery around these three (entity callbacks, mapping, and an expression per
 * parameter of the update) took a quarter of an interaction's CPU in the benchmark's profile; reading stays with the
 * repositories.
 */
@Repository
class ScoreWrites {

	private final JdbcClient jdbc;

	ScoreWrites(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** Stores a new interaction and answers it with its id. */
	Interaction insert(Interaction interaction) {
		KeyHolder key = new GeneratedKeyHolder();
		jdbc.sql("""
				INSERT INTO interactions (lead_id, type, url, content, idempotency_key, occurred_at, recorded_at, scored)
				VALUES (:leadId, :type, :url, :content, :idempotencyKey, :occurredAt, :recordedAt, :scored)""")
				.param("leadId", interaction.leadId()).param("type", interaction.type().name())
				.param("url", interaction.url()).param("content", interaction.content())
				.param("idempotencyKey", interaction.idempotencyKey())
				.param("occurredAt", timestamp(interaction.occurredAt()))
				.param("recordedAt", timestamp(interaction.recordedAt())).param("scored", interaction.scored())
				.update(key);
		return new Interaction(key.getKey().longValue(), interaction.leadId(), interaction.type(), interaction.url(),
				interaction.content(), interaction.idempotencyKey(), interaction.occurredAt(), interaction.recordedAt(),
				interaction.scored());
	}

	void insert(ScoreLedgerEntry line) {
		jdbc.sql("""
				INSERT INTO score_ledger (lead_id, axis, cause, interaction_id, decision, rule_id, reason, points,
				    score_after, grade_after, mql_after, created_at)
				VALUES (:leadId, :axis, :cause, :interactionId, :decision, :ruleId, :reason, :points, :scoreAfter,
				    :gradeAfter, :mqlAfter, :createdAt)""")
				.param("leadId", line.leadId()).param("axis", line.axis().name()).param("cause", line.cause().name())
				.param("interactionId", line.interactionId()).param("decision", line.decision())
				.param("ruleId", line.ruleId()).param("reason", line.reason()).param("points", line.points())
				.param("scoreAfter", line.scoreAfter()).param("gradeAfter", line.gradeAfter())
				.param("mqlAfter", line.mqlAfter()).param("createdAt", timestamp(line.createdAt())).update();
	}

	void update(LeadScore score) {
		jdbc.sql("""
				UPDATE lead_scores SET model = :model, score = :score, fit_score = :fitScore,
				    engagement_score = :engagementScore, grade = :grade, reachable = :reachable, mql = :mql,
				    last_interaction_at = :lastInteractionAt, decayed_at = :decayedAt, updated_at = :updatedAt,
				    fit_table = :fitTable
				WHERE lead_id = :leadId""")
				.param("model", score.model()).param("score", score.score()).param("fitScore", score.fitScore())
				.param("engagementScore", score.engagementScore()).param("grade", score.grade())
				.param("reachable", score.reachable()).param("mql", score.mql())
				.param("lastInteractionAt", timestamp(score.lastInteractionAt()))
				.param("decayedAt", timestamp(score.decayedAt())).param("updatedAt", timestamp(score.updatedAt()))
				.param("fitTable", score.fitTable()).param("leadId", score.leadId()).update();
	}

	/** As Spring Data JDBC writes an {@link Instant}, so that both read back alike. */
	private static Timestamp timestamp(Instant instant) {
		return instant == null ? null : Timestamp.from(instant);
	}
}
