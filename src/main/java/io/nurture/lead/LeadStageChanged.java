package io.nurture.lead;

/** A lead moved in the funnel; {@code from} is null for the first stage. */
public record LeadStageChanged(String leadId, Stage from, Stage to, String cause) {
}
