package io.nurture.scoring;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.data.annotation.Id;
import org.springframework.data.jdbc.repository.query.Modifying;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.relational.core.mapping.Table;
import org.springframework.data.repository.Repository;

/** The current assessment per lead. Changes happen under the row's lock, so concurrent interactions lose nothing. */
interface ScoreRepository extends Repository<ScoreRepository.LeadScore, String> {

	@Table("lead_scores")
	record LeadScore(@Id String leadId, String model, int score, int fitScore, int engagementScore, String grade,
			boolean reachable, boolean mql, Instant lastInteractionAt, Instant decayedAt, Instant updatedAt,
			String fitTable) {

		/** The same assessment with other values; what is not named stays. */
		LeadScore with(String newModel, Assessed after, boolean nowReachable, Instant lastInteraction, Instant decayed,
				Instant now, String table) {
			return new LeadScore(leadId, newModel, after.fit() + after.engagement(), after.fit(), after.engagement(),
					after.grade(), nowReachable, after.mql(), lastInteraction, decayed, now, table);
		}
	}

	/** Fit and engagement after a change, with the grade and MQL verdict they earn. */
	record Assessed(int fit, int engagement, String grade, boolean mql) {
	}

	@Modifying
	@Query("""
			INSERT INTO lead_scores (lead_id, model, score, fit_score, engagement_score, grade, reachable, mql,
			    decayed_at, updated_at)
			VALUES (:leadId, :model, 0, 0, 0, 'D4', FALSE, FALSE, :now, :now)""")
	void open(String leadId, String model, Instant now);

	@Query("SELECT * FROM lead_scores WHERE lead_id = :leadId")
	Optional<LeadScore> find(String leadId);

	/** Reads the assessment and holds the row until the transaction ends: one lead's changes queue, others' don't. */
	@Query("SELECT * FROM lead_scores WHERE lead_id = :leadId FOR UPDATE")
	Optional<LeadScore> lock(String leadId);

	/**
	 * Leads with engagement left to fade that have not faded since {@code before}, in id order after
	 * {@code afterLeadId}, so that one run walks all of them once.
	 */
	@Query("""
			SELECT lead_id FROM lead_scores WHERE engagement_score > 0 AND decayed_at <= :before AND lead_id > :afterLeadId
			ORDER BY lead_id LIMIT :limit""")
	List<String> dueForDecay(Instant before, String afterLeadId, int limit);

	@Modifying
	@Query("DELETE FROM lead_scores WHERE lead_id = :leadId")
	void deleteByLeadId(String leadId);
}
