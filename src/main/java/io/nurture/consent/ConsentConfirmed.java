package io.nurture.consent;

/** The lead clicked the confirmation link: marketing email may start. */
public record ConsentConfirmed(String leadId) {
}
