package io.nurture.email;

/** An email rendered from its template: subject line, HTML part and plain-text part. */
public record RenderedEmail(String subject, String html, String text) {
}
