package io.nurture.sales;

import java.time.Instant;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/**
 * A qualified lead on its way to the CRM as an opportunity. Its id is the idempotency key the CRM receives, so a
 * delivery that is repeated (the answer was lost) is dropped there; PENDING is retried until the CRM takes it.
 */
@Table("crm_handovers")
public record CrmHandover(@Id String id, String leadId, String processInstanceId, String payload, Status status,
		int attempts, Instant nextAttemptAt, String lastError, Instant createdAt, Instant deliveredAt) {

	public enum Status {
		PENDING, DELIVERED
	}
}
