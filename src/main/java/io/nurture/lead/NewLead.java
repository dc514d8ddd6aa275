package io.nurture.lead;

/** What a capture knows about a person; only the address and the source are always there. */
public record NewLead(String email, String firstName, String lastName, String company, Integer companySize,
		String jobTitle,
		String industry, String phone, String country, String language, String source, boolean consent) {
}
