package io.nurture.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

/** The templates in templates/ as marketers write them, rendered by the locked-down configuration. */
class EmailTemplatesTest {

	private final EmailTemplates templates = new EmailTemplates();
	private final SampleLeads samples = new SampleLeads(MailSettingsFixture.defaults(), new MockEnvironment());

	@Test
	void everyTemplateRendersForEverySampleLead() {
		assertThat(templates.names()).contains("confirm-subscription", "welcome", "follow-up").doesNotContain("layout");
		new TemplateCheck(templates, samples).verifyTemplates();
	}

	@Test
	void theLeadsLanguagePicksTheGermanVersionAndAnyOtherFallsBackToEnglish() {
		RenderedEmail german = render("welcome", "complete-de");
		RenderedEmail english = render("welcome", "complete-en");
		RenderedEmail french = templates.render("welcome", samples.model(with("complete-en", "language", "fr")),
				Locale.FRENCH);

		assertThat(german.subject()).isEqualTo("Grete, Ihr Leitfaden für Lead Scoring, dem der Vertrieb vertraut");
		assertThat(german.text()).contains("Hallo Grete,", "Müller Maschinenbau GmbH", "Abmelden: ");
		assertThat(german.html()).contains("lang=\"de\"", ">Abmelden</a>");
		assertThat(english.text()).contains("Hi Ada,", "Unsubscribe: ");
		assertThat(french.subject()).isEqualTo("Ada, your guide to lead scoring that sales trusts");
	}

	@Test
	void missingValuesFallBackToSensibleWordingInBothLanguages() {
		// sales-* emails go to colleagues in sales, in English, whatever the lead's language.
		for (String name : templates.names().stream().filter(name -> !name.startsWith("sales-")).toList()) {
			RenderedEmail english = render(name, "sparse-en");
			RenderedEmail german = render(name, "sparse-de");
			assertThat(english.text()).as(name).contains("Hello,").doesNotContain("null").doesNotContain("Hi ,");
			assertThat(german.text()).as(name).contains("Guten Tag,").doesNotContain("null").doesNotContain("Hallo ,");
			assertThat(english.subject()).as(name).doesNotStartWith(",").doesNotContain("null");
		}
	}

	@Test
	void contentBlocksDifferByRoleIndustryAndTheLastDownload() {
		String executive = render("welcome", "complete-de").text();
		String manager = render("welcome", "complete-en").text();
		String specialist = templates.render("welcome", samples.model(with("complete-en", "jobTitle", "Marketing Analyst")),
				Locale.ENGLISH).text();
		RenderedEmail followUp = render("follow-up", "complete-en");

		assertThat(executive).contains("Zusammenfassung für die Geschäftsleitung");
		assertThat(manager).contains("workshop plan").doesNotContain("summary for leadership");
		assertThat(specialist).contains("appendix has the rules").doesNotContain("workshop plan");
		assertThat(followUp.subject()).contains("teams in Software");
		assertThat(followUp.text()).contains("You recently downloaded \"Lead Scoring in Practice\"", "case study");
		assertThat(render("follow-up", "sparse-en").text()).contains("webinar").doesNotContain("recently downloaded");
	}

	@Test
	void whatALeadTypedIsEscapedInTheHtmlPart() {
		Map<String, Object> model = samples.model(with("complete-en", "company", "<img src=x onerror=alert(1)>"));

		RenderedEmail email = templates.render("welcome", model, Locale.ENGLISH);

		assertThat(email.html()).doesNotContain("<img src=x").contains("&lt;img src=x onerror=alert(1)&gt;");
	}

	@Test
	void aSubjectFromTheJourneyStepOverridesTheTemplatesAndMayUseTheProfile() {
		RenderedEmail email = templates.render("welcome", "${lead.firstName!\"Hello\"}, a quick idea for ${lead.company!\"you\"}",
				samples.model(SampleLeads.PROFILES.get("complete-en")), Locale.ENGLISH);

		assertThat(email.subject()).isEqualTo("Ada, a quick idea for Analytical Engines Ltd");
	}

	@Test
	void templatesCannotCreateObjectsOrReachIntoJava() {
		Map<String, Object> model = samples.model(SampleLeads.PROFILES.get("complete-en"));

		assertThatThrownBy(() -> templates.render("welcome",
				"<#assign run = \"freemarker.template.utility.Execute\"?new()>${run(\"id\")}", model, Locale.ENGLISH))
				.isInstanceOf(EmailTemplateException.class).hasMessageContaining("Execute");
		assertThatThrownBy(() -> templates.render("welcome", "${lead?api.getClass().getName()}", model, Locale.ENGLISH))
				.isInstanceOf(EmailTemplateException.class).hasMessageContaining("api");
		assertThatThrownBy(() -> templates.render("welcome", "${statics[\"java.lang.System\"].exit(1)}", model,
				Locale.ENGLISH)).isInstanceOf(EmailTemplateException.class);
	}

	@Test
	void aTemplateThatFailsForASampleLeadStopsTheStartNamingTemplateSampleAndError() {
		TemplateCheck check = new TemplateCheck(new EmailTemplates("broken-templates"), samples);

		assertThatThrownBy(check::verifyTemplates).isInstanceOf(EmailTemplateException.class)
				.hasMessageContaining("Email template 'broken' does not render for the sample lead 'sparse-en'")
				.hasMessageContaining("lead.firstName");
	}

	@Test
	void aTemplateWithoutItsTextPartStopsTheStart() {
		TemplateCheck check = new TemplateCheck(new EmailTemplates("incomplete-templates"), samples);

		assertThatThrownBy(check::verifyTemplates).isInstanceOf(EmailTemplateException.class)
				.hasMessageContaining("'no-text' is incomplete").hasMessageContaining("text.ftl");
	}

	@Test
	void namesThatCouldClimbOutOfTheTemplatesFolderAreRefused() {
		assertThat(templates.exists("../application.yml")).isFalse();
		assertThat(templates.exists("welcome/../welcome")).isFalse();
		assertThat(templates.exists("layout")).isFalse();
		assertThat(templates.exists("welcome")).isTrue();
	}

	private RenderedEmail render(String template, String sample) {
		Map<String, String> profile = SampleLeads.PROFILES.get(sample);
		return templates.render(template, samples.model(profile), Outbox.locale(profile.get("language")));
	}

	private static Map<String, String> with(String sample, String field, String value) {
		Map<String, String> profile = new HashMap<>(SampleLeads.PROFILES.get(sample));
		profile.put(field, value);
		return profile;
	}
}
