package io.nurture.lead;

/** What a capture knows about a person; only the address and the source are always there. */
public record NewLead(String email, String firstName, String lastName, String company, Integer companySize,
		String jobTitle,
		String industry, String phone, String country, String language, String source, boolean consent,
		String timeZone) {

	/** A capture without a time zone: send windows then use the country's zone or the configured default. */
	public NewLead(String email, String firstName, String lastName, String company, Integer companySize,
			String jobTitle, String industry, String phone, String country, String language, String source,
			boolean consent) {
		this(email, firstName, lastName, company, companySize, jobTitle, industry, phone, country, language, source,
				consent, null);
	}
}
