package io.nurture.email;

import java.time.Instant;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/** An address that gets no more email, and the proof why: a hard bounce or a complaint, from the mailbox or the webhook. */
@Table("email_suppressions")
public record Suppression(@Id String emailNormalized, Reason reason, String detail, String source, Instant createdAt) {

	public enum Reason {
		HARD_BOUNCE, COMPLAINT
	}
}
