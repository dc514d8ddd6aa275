package io.nurture.email;

import java.util.List;

import org.springframework.data.repository.Repository;

interface DeliveryAttemptRepository extends Repository<DeliveryAttempt, Long> {

	DeliveryAttempt save(DeliveryAttempt attempt);

	List<DeliveryAttempt> findByOutboxIdOrderById(long outboxId);
}
