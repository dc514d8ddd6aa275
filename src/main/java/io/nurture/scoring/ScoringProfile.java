package io.nurture.scoring;

/**
 * What the fit rules read about a lead: its email domain (not the address), role, industry, company size, country,
 * and whether sales could call it (name, email and phone known).
 */
public record ScoringProfile(String emailDomain, String jobTitle, String industry, Integer companySize,
		String country, boolean reachable) {
}
