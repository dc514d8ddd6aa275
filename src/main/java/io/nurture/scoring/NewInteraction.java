package io.nurture.scoring;

import java.time.Instant;

/** An interaction as reported, before it is stored. */
public record NewInteraction(InteractionType type, String url, String content, String idempotencyKey,
		Instant occurredAt) {
}
