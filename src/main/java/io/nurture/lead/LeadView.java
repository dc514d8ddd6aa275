package io.nurture.lead;

import java.time.Instant;
import java.util.List;

/** A lead as the API shows it: profile, sources, stage, score, grade and consent. */
record LeadView(String id, String email, String firstName, String lastName, String company, Integer companySize,
		String jobTitle, String industry, String phone, String country, String language, String timeZone,
		List<LeadSource> sources,
		Stage stage, int score, String grade, String consent, Instant createdAt) {

	static LeadView of(Lead lead, int score, String grade, String consent) {
		return new LeadView(lead.getId(), lead.getEmail(), lead.getFirstName(), lead.getLastName(), lead.getCompany(),
				lead.getCompanySize(), lead.getJobTitle(), lead.getIndustry(), lead.getPhone(), lead.getCountry(), lead.getLanguage(), lead.getTimeZone(),
				lead.getSources(), lead.getStage(), score, grade, consent, lead.getCreatedAt());
	}
}
