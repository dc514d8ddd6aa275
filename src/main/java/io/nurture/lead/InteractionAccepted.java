package io.nurture.lead;

import java.time.Instant;

import io.nurture.scoring.InteractionType;

/** The answer to a recorded interaction: its id, and the lead's score and stage once it was applied. */
record InteractionAccepted(long interactionId, String leadId, InteractionType type, Instant occurredAt, int score,
		Stage stage) {
}
