package io.nurture.privacy;

import java.time.Instant;
import java.util.List;

import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.Repository;

/** Finds the leads retention is due for. Reads the lead's and its score's times: the last sign of life of either. */
interface RetentionRepository extends Repository<PrivacyAudit, Long> {

	@Query("""
			SELECT l.id FROM leads l LEFT JOIN lead_scores s ON s.lead_id = l.id
			WHERE l.updated_at < :cutoff AND (s.last_interaction_at IS NULL OR s.last_interaction_at < :cutoff)
			  AND l.stage NOT IN ('SAL', 'SQL', 'OPPORTUNITY', 'CUSTOMER')
			ORDER BY l.id LIMIT :limit""")
	List<String> findInactiveSince(Instant cutoff, int limit);
}
