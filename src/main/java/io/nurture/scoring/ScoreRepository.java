package io.nurture.scoring;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.data.annotation.Id;
import org.springframework.data.jdbc.repository.query.Modifying;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.relational.core.mapping.Table;
import org.springframework.data.repository.Repository;

/** Scores change by atomic increments, so concurrent interactions for one lead lose no points. */
interface ScoreRepository extends Repository<ScoreRepository.LeadScore, String> {

	@Table("lead_scores")
	record LeadScore(@Id String leadId, int score, Instant updatedAt) {
	}

	@Modifying
	@Query("INSERT INTO lead_scores (lead_id, score, updated_at) VALUES (:leadId, 0, :now)")
	void open(String leadId, Instant now);

	@Modifying
	@Query("UPDATE lead_scores SET score = score + :points, updated_at = :now WHERE lead_id = :leadId")
	int add(String leadId, int points, Instant now);

	@Query("SELECT score FROM lead_scores WHERE lead_id = :leadId")
	Optional<Integer> scoreOf(String leadId);

	/** Reads the score and holds the row until the transaction ends: one lead's interactions queue, others' don't. */
	@Query("SELECT score FROM lead_scores WHERE lead_id = :leadId FOR UPDATE")
	Optional<Integer> lockScore(String leadId);

	@Query("SELECT * FROM lead_scores WHERE lead_id IN (:leadIds)")
	List<LeadScore> findAllById(List<String> leadIds);
}
