package io.nurture.scoring;

/** An interaction was stored and waits to be scored, by the lead's journey or directly. */
public record InteractionRecorded(String leadId, long interactionId, InteractionType type) {
}
