package io.nurture.scoring;

import java.time.Instant;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/** One thing a lead did; {@code scored} turns true once, when its points are applied. */
@Table("interactions")
public record Interaction(@Id Long id, String leadId, InteractionType type, String url, String content,
		String idempotencyKey, Instant occurredAt, Instant recordedAt, boolean scored) {
}
