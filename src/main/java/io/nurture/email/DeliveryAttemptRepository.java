package io.nurture.email;

import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.jdbc.repository.query.Modifying;
import java.util.List;

import org.springframework.data.repository.Repository;

interface DeliveryAttemptRepository extends Repository<DeliveryAttempt, Long> {

	DeliveryAttempt save(DeliveryAttempt attempt);

	List<DeliveryAttempt> findByOutboxIdOrderById(long outboxId);

	@Modifying
	@Query("DELETE FROM email_attempts WHERE outbox_id IN (SELECT id FROM email_outbox WHERE lead_id = :leadId)")
	void deleteByLeadId(String leadId);
}
