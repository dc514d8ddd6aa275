package io.nurture.email;

import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.jdbc.repository.query.Modifying;
import java.time.Instant;
import java.util.List;

import org.springframework.data.repository.Repository;

interface DeliveryAttemptRepository extends Repository<DeliveryAttempt, Long> {

	DeliveryAttempt save(DeliveryAttempt attempt);

	List<DeliveryAttempt> findByOutboxIdOrderById(long outboxId);

	/** When the email was first tried, or null: how long a mail server has been unreachable for it. */
	@Query("SELECT MIN(attempted_at) FROM email_attempts WHERE outbox_id = :outboxId")
	Instant firstAttemptAt(long outboxId);

	@Modifying
	@Query("DELETE FROM email_attempts WHERE outbox_id IN (SELECT id FROM email_outbox WHERE lead_id = :leadId)")
	void deleteByLeadId(String leadId);
}
