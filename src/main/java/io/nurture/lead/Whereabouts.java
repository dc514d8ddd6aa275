package io.nurture.lead;

/** A lead's time zone (an IANA id, may be null) and country (ISO 3166 code, may be null): all a send window needs. */
public record Whereabouts(String timeZone, String country) {
}
