package io.nurture.email;

import java.time.Instant;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/** One try to hand an outbox email to the SMTP server, with the server's answer. */
@Table("email_attempts")
public record DeliveryAttempt(@Id Long id, long outboxId, Instant attemptedAt, Outcome outcome, String smtpReply) {

	/** SENT: accepted by the server; RETRY: failed for now, tried again later; FAILED: refused for good or out of tries. */
	public enum Outcome {
		SENT, RETRY, FAILED
	}
}
