package io.nurture.email;

import java.time.Instant;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/**
 * One email waiting in, or delivered from, the outbox. {@code heldReason} says why a due email waits (its send
 * window, the frequency cap); {@code lastError} the last failure or why it was suppressed.
 */
@Table("email_outbox")
public record OutboxMessage(@Id Long id, String dedupKey, String leadId, String template, EmailCategory category,
		String recipient, String subject, String htmlBody, String textBody, Status status, int attempts,
		Instant nextAttemptAt, String lastError, String messageId, Instant createdAt, Instant sentAt,
		String sendWindow, String heldReason) {

	/**
	 * PENDING waits for delivery; SENDING is claimed by a dispatcher; SENT is delivered; FAILED gave up or was
	 * refused for good by the recipient's server; SUPPRESSED was withdrawn before delivery because consent no longer
	 * allowed it or the address bounced.
	 */
	public enum Status {
		PENDING, SENDING, SENT, FAILED, SUPPRESSED
	}
}
