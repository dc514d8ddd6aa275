package io.nurture.sales;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;

import com.fasterxml.jackson.databind.JsonNode;

import io.nurture.NurtureTest;
import io.nurture.consent.Consents;
import io.nurture.lead.Leads;
import io.nurture.lead.NewLead;
import io.nurture.scoring.InteractionType;
import io.nurture.scoring.NewInteraction;
import io.nurture.scoring.Scoring;

/**
 * The review form shows who the lead is, yet Camunda stores none of it: the form variables, as Tasklist loads them,
 * carry the lead's name, contact data, engagement and sources, and after the review Camunda's runtime and history
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
				"Software", "+1 555 0199", "US", "en", "webinar", true)).lead().getId();
		leads.capture(new NewLead(email, null, null, null, null, null, null, null, null, null, "trade-show", true));
		consents.confirm(leadId);
		scoring.record(leadId, new NewInteraction(InteractionType.CONTENT_DOWNLOADED, null, "Lead scoring guide", null, null));
		scoring.record(leadId, new NewInteraction(InteractionType.WEBINAR_ATTENDED, null, "Scoring live", null, null));
		scoring.record(leadId, new NewInteraction(InteractionType.DEMO_REQUESTED, null, null, null, null));
		scoring.record(leadId, new NewInteraction(InteractionType.DEMO_REQUESTED, null, null, null, null));
		Task review = engine.getTaskService().createTaskQuery().processInstanceBusinessKey(leadId)
				.taskDefinitionKey(SalesHandover.REVIEW_TASK).singleResult();

		JsonNode form = http.withBasicAuth(SALES_USER, PASSWORD)
				.getForObject("/engine-rest/task/" + review.getId() + "/form-variables", JsonNode.class);
		assertThat(text(form, "leadName")).isEqualTo("Katherine Johnsonova");
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
