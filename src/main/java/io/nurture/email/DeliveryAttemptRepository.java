package io.nurture.email;

import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.jdbc.repository.query.Modifying;
import java.time.Instant;
import java.util.List;

import org.springframework.data.repository.Repository;

interface DeliveryAttemptRepository extends Repository<DeliveryAttempt, Long> {

	List<DeliveryAttempt> findByOutboxIdOrderById(long outboxId);

	/** Deletes up to {@code limit} attempts made before the cutoff; the email keeps its attempt count and last error. */
	@Modifying
	@Query("DELETE FROM email_attempts WHERE attempted_at < :cutoff LIMIT :limit")
	int deleteBefore(Instant cutoff, int limit);

	/** When the email was first tried, or null: how long a mail server has been unreachable for it. */
	@Query("SELECT MIN(attempted_at) FROM email_attempts WHERE outbox_id = :outboxId")
	Instant firstAttemptAt(long outboxId);

	@Modifying
	@Query("DELETE FROM email_attempts WHERE outbox_id IN (SELECT id FROM email_outbox WHERE lead_id = :leadId)")
	void deleteByLeadId(String leadId);
}
