package io.nurture.lead;

/**
 * The lead as an email to it sees it: its id, its address and the profile fields templates may use. Read without the
 * rest of the lead (its sources, its stage), as every queued email needs it.
 */
public record Recipient(String id, String email, String firstName, String lastName, String company, String jobTitle,
		String industry, String country, String language) {
}
