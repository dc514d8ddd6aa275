package io.nurture.scoring;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.data.jdbc.repository.query.Modifying;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.Repository;

interface InteractionRepository extends Repository<Interaction, Long> {

	Optional<Interaction> findById(Long id);

	Optional<Interaction> findByLeadIdAndIdempotencyKey(String leadId, String idempotencyKey);

	List<Interaction> findByLeadIdOrderByOccurredAt(String leadId);

	@Query("SELECT content FROM interactions WHERE lead_id = :leadId AND type = 'CONTENT_DOWNLOADED' AND content IS NOT NULL ORDER BY occurred_at DESC, id DESC LIMIT 1")
	Optional<String> findLastDownloadedContent(String leadId);

	/** Claims the interaction for scoring; only the first caller gets 1, so points are applied once. */
	@Modifying
	@Query("UPDATE interactions SET scored = TRUE WHERE id = :id AND scored = FALSE")
	int markScored(long id);

	@Modifying
	@Query("DELETE FROM interactions WHERE lead_id = :leadId")
	void deleteByLeadId(String leadId);

	/** Deletes up to {@code limit} scored interactions that happened before the cutoff. */
	@Modifying
	@Query("DELETE FROM interactions WHERE occurred_at < :cutoff AND scored = TRUE LIMIT :limit")
	int deleteScoredBefore(Instant cutoff, int limit);
}
