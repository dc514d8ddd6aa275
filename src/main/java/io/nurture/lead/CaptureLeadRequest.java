package io.nurture.lead;

import io.nurture.consent.ConsentMethod;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

/** The body of {@code POST /api/leads}, as a sign-up form or an import sends it. */
record CaptureLeadRequest(
		@NotBlank @Size(max = 254)
		@Pattern(regexp = "^\\s*[^@\\s]+@[^@\\s.]+(\\.[^@\\s.]+)+\\s*$", message = "must be an email address such as ada@example.com")
		String email,
		@Size(max = 100) String firstName,
		@Size(max = 100) String lastName,
		@Size(max = 200) String company,
		@PositiveOrZero @Max(10_000_000) Integer companySize,
		@Size(max = 200) String jobTitle,
		@Size(max = 100) String industry,
		@Size(max = 50) @Pattern(regexp = "^\\+?[0-9 ()/.-]{5,50}$", message = "must be a phone number such as +49 40 123456") String phone,
		@Pattern(regexp = "^[A-Z]{2}$", message = "must be an ISO 3166 country code such as DE") String country,
		@Pattern(regexp = "^[a-z]{2}(-[A-Z]{2})?$", message = "must be a language tag such as en or de-DE") String language,
		@NotBlank @Size(max = 50) @Pattern(regexp = "^[a-z0-9-]+$", message = "must be a short source name such as webinar or trade-show") String source,
		@NotNull Boolean consent,
		@Size(max = 50) @TimeZoneId String timeZone,
		@Pattern(regexp = "^(FORM|IMPORT|API)$", message = "must be FORM, IMPORT or API") String consentMethod,
		@Size(max = 100) @Pattern(regexp = "^[a-z0-9-]+$", message = "must be a short campaign name such as spring-webinar-2027") String campaign,
		Boolean trackingConsent) {

	NewLead toNewLead() {
		return new NewLead(email.trim(), blankToNull(firstName), blankToNull(lastName), blankToNull(company),
				companySize, blankToNull(jobTitle), blankToNull(industry), blankToNull(phone), country, language, source, consent,
				blankToNull(timeZone), consentMethod != null ? ConsentMethod.valueOf(consentMethod) : ConsentMethod.API,
				campaign, Boolean.TRUE.equals(trackingConsent));
	}

	private static String blankToNull(String value) {
		return value == null || value.isBlank() ? null : value.trim();
	}
}
