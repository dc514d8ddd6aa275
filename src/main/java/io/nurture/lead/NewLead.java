package io.nurture.lead;

import io.nurture.consent.ConsentMethod;

/**
 * What a capture knows about a person; only the address and the source are always there. {@code consentMethod}
 * says how the consent was given (form, import, API; API when not said), {@code campaign} the campaign the source
 * belongs to, if any; {@code trackingConsent} whether the person agreed to having opens, clicks and visits tracked.
 */
public record NewLead(String email, String firstName, String lastName, String company, Integer companySize,
		String jobTitle,
		String industry, String phone, String country, String language, String source, boolean consent,
		String timeZone, ConsentMethod consentMethod, String campaign, boolean trackingConsent) {

	public NewLead {
		consentMethod = consentMethod != null ? consentMethod : ConsentMethod.API;
	}

	/** A capture without consent to tracking. */
	public NewLead(String email, String firstName, String lastName, String company, Integer companySize,
			String jobTitle, String industry, String phone, String country, String language, String source,
			boolean consent, String timeZone, ConsentMethod consentMethod, String campaign) {
		this(email, firstName, lastName, company, companySize, jobTitle, industry, phone, country, language, source,
				consent, timeZone, consentMethod, campaign, false);
	}

	/** A capture that names no campaign. */
	public NewLead(String email, String firstName, String lastName, String company, Integer companySize,
			String jobTitle, String industry, String phone, String country, String language, String source,
			boolean consent, String timeZone, ConsentMethod consentMethod) {
		this(email, firstName, lastName, company, companySize, jobTitle, industry, phone, country, language, source,
				consent, timeZone, consentMethod, null);
	}

	/** A capture through the API with the lead's time zone. */
	public NewLead(String email, String firstName, String lastName, String company, Integer companySize,
			String jobTitle, String industry, String phone, String country, String language, String source,
			boolean consent, String timeZone) {
		this(email, firstName, lastName, company, companySize, jobTitle, industry, phone, country, language, source,
				consent, timeZone, ConsentMethod.API);
	}

	/** A capture without a time zone: send windows then use the country's zone or the configured default. */
	public NewLead(String email, String firstName, String lastName, String company, Integer companySize,
			String jobTitle, String industry, String phone, String country, String language, String source,
			boolean consent) {
		this(email, firstName, lastName, company, companySize, jobTitle, industry, phone, country, language, source,
				consent, null);
	}
}
