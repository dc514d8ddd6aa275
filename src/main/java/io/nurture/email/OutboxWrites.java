package io.nurture.email;

import java.sql.Timestamp;
import java.time.Instant;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

/**
 * The outbox's two inserts as plain statements: every queued email, and every attempt to deliver one. Spring Data
 * JDBC's aggregate machinery around these two inserts took a quarter of an email's CPU in the email benchmark's
 * profile; reading and the updates stay with the repositories.
 */
@Repository
class OutboxWrites {

	private final JdbcClient jdbc;

	OutboxWrites(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** Stores a new email and answers it with its id. */
	OutboxMessage insert(OutboxMessage email) {
		KeyHolder key = new GeneratedKeyHolder();
		jdbc.sql("""
				INSERT INTO email_outbox (dedup_key, lead_id, template, category, recipient, subject, html_body, text_body,
				    status, attempts, next_attempt_at, last_error, message_id, created_at, sent_at, send_window, held_reason)
				VALUES (:dedupKey, :leadId, :template, :category, :recipient, :subject, :htmlBody, :textBody, :status,
				    :attempts, :nextAttemptAt, :lastError, :messageId, :createdAt, :sentAt, :sendWindow, :heldReason)""")
				.param("dedupKey", email.dedupKey()).param("leadId", email.leadId()).param("template", email.template())
				.param("category", email.category().name()).param("recipient", email.recipient())
				.param("subject", email.subject()).param("htmlBody", email.htmlBody()).param("textBody", email.textBody())
				.param("status", email.status().name()).param("attempts", email.attempts())
				.param("nextAttemptAt", timestamp(email.nextAttemptAt())).param("lastError", email.lastError())
				.param("messageId", email.messageId()).param("createdAt", timestamp(email.createdAt()))
				.param("sentAt", timestamp(email.sentAt())).param("sendWindow", email.sendWindow())
				.param("heldReason", email.heldReason())
				.update(key);
		return new OutboxMessage(key.getKey().longValue(), email.dedupKey(), email.leadId(), email.template(),
				email.category(), email.recipient(), email.subject(), email.htmlBody(), email.textBody(), email.status(),
				email.attempts(), email.nextAttemptAt(), email.lastError(), email.messageId(), email.createdAt(),
				email.sentAt(), email.sendWindow(), email.heldReason());
	}

	void insert(DeliveryAttempt attempt) {
		jdbc.sql("""
				INSERT INTO email_attempts (outbox_id, attempted_at, outcome, smtp_reply)
				VALUES (:outboxId, :attemptedAt, :outcome, :smtpReply)""")
				.param("outboxId", attempt.outboxId()).param("attemptedAt", timestamp(attempt.attemptedAt()))
				.param("outcome", attempt.outcome().name()).param("smtpReply", attempt.smtpReply()).update();
	}

	/** As Spring Data JDBC writes an {@link Instant}, so that both read back alike. */
	private static Timestamp timestamp(Instant instant) {
		return instant == null ? null : Timestamp.from(instant);
	}
}
