package io.nurture.email;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The role and industry key that templates switch content blocks on, derived from what the lead typed. */
class EmailModelTest {

	@ParameterizedTest(name = "{0} is {1}")
	@CsvSource(nullValues = "none", value = {
			"CTO, executive",
			"Co-Founder & CEO, executive",
			"Geschäftsführerin, executive",
			"Head of Marketing, manager",
			"Marketing Manager, manager",
			"Leiterin Vertrieb, manager",
			"Marketing Analyst, specialist",
			"Leadership coach, specialist",
			"'   ', unknown",
			"none, unknown" })
	void theRoleComesFromTheJobTitleInEnglishOrGerman(String jobTitle, String role) {
		assertThat(EmailModel.role(jobTitle)).isEqualTo(role);
	}

	@ParameterizedTest(name = "{0} is {1}")
	@CsvSource(nullValues = "none", value = {
			"Software, software",
			"IT services, software",
			"Maschinenbau, manufacturing",
			"Automotive, manufacturing",
			"Retail Banking, finance",
			"Versicherungen, finance",
			"Digital agency, other",
			"none, other" })
	void theIndustryKeyGroupsWhatTheLeadTyped(String industry, String key) {
		assertThat(EmailModel.industryKey(industry)).isEqualTo(key);
	}
}
