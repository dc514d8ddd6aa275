package io.nurture.sales;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;

import com.fasterxml.jackson.databind.JsonNode;

import io.nurture.NurtureTest;
import io.nurture.consent.ConsentMethod;
import io.nurture.consent.Consents;
import io.nurture.lead.Leads;
import io.nurture.lead.NewLead;
import io.nurture.scoring.InteractionType;
import io.nurture.scoring.NewInteraction;
import io.nurture.scoring.Scoring;

/**
 * The review form shows who the lead is, yet Camunda stores none of it: the form variables, as Tasklist loads them,
 * carry the lead's name, contact data, engagement (only with its consent to tracking) and sources, and after the
 * review Camunda's runtime and history
 * tables hold no trace of the name, email, phone or company. This is the measurement behind the privacy rule.
 */
class LeadSummaryPrivacyTest extends NurtureTest {

	@Autowired
	Leads leads;
	@Autowired
	Consents consents;
	@Autowired
	Scoring scoring;
	@Autowired
	JdbcTemplate jdbc;

	@Test
	void shouldShowTheLeadInTheFormWithoutStoringItInCamunda() {
		String email = uniqueEmail("katherine");
		String leadId = leads.capture(new NewLead(email, "Katherine", "Johnsonova", "Langley Orbitals", 300, "CTO",
				"Software", "+1 555 0199", "US", "en", "webinar", true, null, ConsentMethod.FORM, null, true)).lead()
				.getId();
		leads.capture(new NewLead(email, null, null, null, null, null, null, null, null, null, "trade-show", true));
		Task review = reviewOfEngaged(leadId);

		JsonNode form = http.withBasicAuth(SALES_USER, PASSWORD)
				.getForObject("/engine-rest/task/" + review.getId() + "/form-variables", JsonNode.class);
		assertThat(text(form, "leadName")).isEqualTo("Katherine Johnsonova");
		assertThat(text(form, "leadTracking")).isEqualTo("given");
		assertThat(text(form, "leadCompany")).isEqualTo("Langley Orbitals (300 employees)");
		assertThat(text(form, "leadEmail")).isEqualTo(email);
		assertThat(text(form, "leadPhone")).isEqualTo("+1 555 0199");
		assertThat(text(form, "leadDownloads")).contains("Lead scoring guide");
		assertThat(text(form, "leadWebinars")).contains("Scoring live");
		assertThat(text(form, "leadTopics")).contains("demo requested (2x)");
		assertThat(text(form, "leadSources")).contains("webinar", "trade-show", "known from 2 channels");
		assertThat(text(form, "leadMqlSince")).matches("(just now|\\d+ (minutes?|hours?|days?) ago) \\(since .+\\)");
		assertThat(text(form, "scoreGrade")).isNotBlank();

		HttpHeaders headers = new HttpHeaders();
		headers.setContentType(MediaType.APPLICATION_JSON);
		http.withBasicAuth(SALES_USER, PASSWORD).postForEntity("/engine-rest/task/" + review.getId() + "/claim",
				new HttpEntity<>("{\"userId\":\"" + SALES_USER + "\"}", headers), String.class);
		assertThat(http.withBasicAuth(SALES_USER, PASSWORD).postForEntity(
				"/engine-rest/task/" + review.getId() + "/submit-form",
				new HttpEntity<>("{\"variables\":{\"decision\":{\"value\":\"accept\"}}}", headers), String.class)
				.getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);

		for (String personal : List.of(email, "Johnsonova", "+1 555 0199", "Langley Orbitals")) {
			assertThat(camundaRowsContaining(personal)).as("Camunda rows holding '" + personal + "'").isEmpty();
		}
	}

	@Test
	void shouldWithholdEngagementDetailsWithoutTrackingConsentButKeepTheScore() {
		String email = uniqueEmail("untracked");
		String leadId = leads.capture(new NewLead(email, "Dorothy", "Vaughan", "Langley Compute", 300, "CTO",
				"Software", "+1 555 0142", "US", "en", "webinar", true)).lead().getId();
		Task review = reviewOfEngaged(leadId);
		String formVariables = "/engine-rest/task/" + review.getId() + "/form-variables";

		JsonNode form = http.withBasicAuth(SALES_USER, PASSWORD).getForObject(formVariables, JsonNode.class);
		assertThat(text(form, "leadTracking")).isEqualTo("not given");
		for (String details : List.of("leadTopics", "leadDownloads", "leadWebinars")) {
			assertThat(text(form, details)).as(details).isEqualTo("withheld: no consent to tracking");
		}
		assertThat(form.toString()).doesNotContain("Lead scoring guide").doesNotContain("Scoring live");
		assertThat(text(form, "leadScore")).matches("grade [A-D][1-4], score \\d+");
		assertThat(text(form, "scoreGrade")).isNotBlank();
		assertThat(text(form, "leadName")).isEqualTo("Dorothy Vaughan");

		// Given later (a preference page), the details appear; withdrawn again, they are gone at once.
		assertThat(put("/api/leads/" + leadId + "/consent/tracking", "{\"given\":true,\"method\":\"FORM\",\"source\":\"preference-page\"}")
				.get("tracking").asText()).isEqualTo("GIVEN");
		form = http.withBasicAuth(SALES_USER, PASSWORD).getForObject(formVariables, JsonNode.class);
		assertThat(text(form, "leadTracking")).isEqualTo("given");
		assertThat(text(form, "leadDownloads")).contains("Lead scoring guide");
		assertThat(text(form, "leadWebinars")).contains("Scoring live");
		assertThat(put("/api/leads/" + leadId + "/consent/tracking", "{\"given\":false}").get("tracking").asText())
				.isEqualTo("WITHDRAWN");
		form = http.withBasicAuth(SALES_USER, PASSWORD).getForObject(formVariables, JsonNode.class);
		assertThat(text(form, "leadDownloads")).isEqualTo("withheld: no consent to tracking");
	}

	/** The review task of the lead once it confirmed, downloaded a guide, attended a webinar and asked for two demos. */
	private Task reviewOfEngaged(String leadId) {
		consents.confirm(leadId);
		scoring.record(leadId, new NewInteraction(InteractionType.CONTENT_DOWNLOADED, null, "Lead scoring guide", null, null));
		scoring.record(leadId, new NewInteraction(InteractionType.WEBINAR_ATTENDED, null, "Scoring live", null, null));
		scoring.record(leadId, new NewInteraction(InteractionType.DEMO_REQUESTED, null, null, null, null));
		scoring.record(leadId, new NewInteraction(InteractionType.DEMO_REQUESTED, null, null, null, null));
		return engine.getTaskService().createTaskQuery().processInstanceBusinessKey(leadId)
				.taskDefinitionKey(SalesHandover.REVIEW_TASK).singleResult();
	}

	private JsonNode put(String path, String body) {
		HttpHeaders headers = new HttpHeaders();
		headers.setContentType(MediaType.APPLICATION_JSON);
		var answer = http.withBasicAuth(MARKETING_USER, PASSWORD).exchange(path, HttpMethod.PUT,
				new HttpEntity<>(body, headers), JsonNode.class);
		assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
		return answer.getBody();
	}

	private List<String> camundaRowsContaining(String value) {
		String like = "%" + value + "%";
		return jdbc.queryForList("""
				SELECT CONCAT('ACT_RU_VARIABLE ', NAME_) FROM ACT_RU_VARIABLE WHERE TEXT_ LIKE ? OR TEXT2_ LIKE ?
				UNION ALL SELECT CONCAT('ACT_HI_VARINST ', NAME_) FROM ACT_HI_VARINST WHERE TEXT_ LIKE ? OR TEXT2_ LIKE ?
				UNION ALL SELECT CONCAT('ACT_HI_DETAIL ', NAME_) FROM ACT_HI_DETAIL WHERE TEXT_ LIKE ? OR TEXT2_ LIKE ?
				UNION ALL SELECT CONCAT('ACT_HI_DEC_IN ', CLAUSE_ID_) FROM ACT_HI_DEC_IN WHERE TEXT_ LIKE ? OR TEXT2_ LIKE ?
				""", String.class, like, like, like, like, like, like, like, like);
	}

	private static String text(JsonNode variables, String name) {
		JsonNode variable = variables.get(name);
		assertThat(variable).as("form variable " + name + " in " + variables).isNotNull();
		return variable.get("value").asText();
	}
}
