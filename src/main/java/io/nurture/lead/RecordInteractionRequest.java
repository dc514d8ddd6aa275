package io.nurture.lead;

import java.time.Instant;

import io.nurture.scoring.InteractionType;
import io.nurture.scoring.NewInteraction;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PastOrPresent;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** The body of {@code POST /api/leads/{id}/interactions}. */
record RecordInteractionRequest(
		@NotNull InteractionType type,
		@Size(max = 2000) @Pattern(regexp = "^https?://\\S+$", message = "must be an http or https address") String url,
		@Size(max = 300) String content,
		@Size(max = 100) String idempotencyKey,
		@PastOrPresent Instant occurredAt) {

	/** Reported as the field {@code type}: withdrawing consent is the unsubscribe link's job, not an API call's. */
	@AssertTrue(message = "UNSUBSCRIBED and RETURNED_BY_SALES are recorded by the engine; the API cannot post them")
	boolean isType() {
		return type != InteractionType.UNSUBSCRIBED && type != InteractionType.RETURNED_BY_SALES;
	}

	NewInteraction toNewInteraction() {
		return new NewInteraction(type, url, content, idempotencyKey, occurredAt);
	}
}
