package io.nurture.lead;

/** A capture took place; {@code newLead} is false when the address was already known. */
public record LeadCaptured(String leadId, boolean newLead) {
}
