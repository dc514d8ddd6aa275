package io.nurture.lead;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * The body of {@code PUT /api/leads/{id}/consent/tracking}: whether the lead now agrees to tracking, how it said so
 * (a form, an email to us, the API; API when not said) and, when it gives it, where.
 */
record TrackingConsentRequest(@NotNull Boolean given,
		@Pattern(regexp = "^(FORM|API|EMAIL_REQUEST)$", message = "must be FORM, API or EMAIL_REQUEST") String method,
		@Size(max = 50) @Pattern(regexp = "^[a-z0-9-]+$", message = "must be a short source name such as preference-page") String source) {
}
