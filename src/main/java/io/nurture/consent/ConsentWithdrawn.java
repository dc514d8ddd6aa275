package io.nurture.consent;

/** The lead unsubscribed: no further marketing email, effective at once. */
public record ConsentWithdrawn(String leadId) {
}
