package io.nurture.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;

import com.fasterxml.jackson.databind.JsonNode;

import io.nurture.NurtureTest;
import io.nurture.consent.Consents;
import io.nurture.email.Outbox;
import io.nurture.email.OutboxMessage;
import io.nurture.sales.SalesHandover;

/** A person may ask to be forgotten: the lead leaves every journey, every table and Tasklist, and is never mailed again. */
class ErasureTest extends NurtureTest {

	private static final List<String> TABLES_BY_LEAD_ID = List.of("lead_sources", "lead_stage_changes", "consents",
			"consent_records", "interactions", "score_ledger", "lead_scores", "email_outbox", "crm_handovers");

	@Autowired
	Consents consents;

	@Autowired
	Outbox outbox;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void anErasedLeadIsGoneEverywhereAndItsAddressIsNeverMailedAgain() {
		String email = uniqueEmail("forget-me");
		String id = capture(email);
		consents.confirm(id);
		post("/api/leads/" + id + "/interactions", "{\"type\":\"DEMO_REQUESTED\",\"url\":\"https://northwind.example/demo\"}");
		post("/api/leads/" + id + "/interactions", "{\"type\":\"DEMO_REQUESTED\"}");
		assertThat(engine.getTaskService().createTaskQuery().processInstanceBusinessKey(id)
				.taskDefinitionKey(SalesHandover.REVIEW_TASK).count()).as("waiting for sales").isEqualTo(1);

		ResponseEntity<Void> erased = http.withBasicAuth(MARKETING_USER, PASSWORD)
				.exchange("/api/leads/" + id, HttpMethod.DELETE, null, Void.class);

		assertThat(erased.getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
		assertThat(get("/api/leads/" + id).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
		assertThat(get("/api/leads/" + id + "/export").getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
		ResponseEntity<JsonNode> lateInteraction = post("/api/leads/" + id + "/interactions", "{\"type\":\"PAGE_VISITED\"}");
		assertThat(lateInteraction.getStatusCode()).as("an interaction for an erased lead").isEqualTo(HttpStatus.NOT_FOUND);
		assertThat(lateInteraction.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(engine.getTaskService().createTaskQuery().processInstanceBusinessKey(id).count()).isZero();
		assertThat(engine.getRuntimeService().createProcessInstanceQuery().processInstanceBusinessKey(id).count()).isZero();
		assertThat(engine.getHistoryService().createHistoricProcessInstanceQuery().processInstanceBusinessKey(id).count())
				.isZero();
		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM leads WHERE id = ?", Integer.class, id)).isZero();
		for (String table : TABLES_BY_LEAD_ID) {
			assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM " + table + " WHERE lead_id = ?", Integer.class, id))
					.as(table).isZero();
		}
		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM email_suppressions WHERE email_normalized = ?",
				Integer.class, email)).as("the address itself is not kept").isZero();
		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM email_suppressions WHERE reason = 'ERASED'"
				+ " AND email_normalized LIKE 'sha256:%'", Integer.class)).isPositive();
		assertThat(jdbc.queryForList("SELECT action, actor FROM privacy_audit WHERE lead_id = ?", id))
				.singleElement().satisfies(entry -> {
					assertThat(entry.get("action")).isEqualTo("ERASED");
					assertThat(entry.get("actor")).isEqualTo(MARKETING_USER);
				});

		// A later import of the same person makes a new lead, but no email reaches it, not even the opt-in request.
		String again = capture(email.toUpperCase());
		await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(outbox.of(again))
				.extracting(OutboxMessage::status).containsExactly(OutboxMessage.Status.SUPPRESSED));
		assertThat(outbox.of(again).get(0).lastError()).isEqualTo("Address suppressed: ERASED");
	}

	@Test
	void onlyMarketingMayEraseAndAnUnknownLeadIsNotFound() {
		String id = capture(uniqueEmail("keep-me"));

		ResponseEntity<JsonNode> bySales = http.withBasicAuth(SALES_USER, PASSWORD)
				.exchange("/api/leads/" + id, HttpMethod.DELETE, null, JsonNode.class);
		ResponseEntity<JsonNode> unknown = http.withBasicAuth(MARKETING_USER, PASSWORD)
				.exchange("/api/leads/no-such-lead", HttpMethod.DELETE, null, JsonNode.class);

		assertThat(bySales.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
		assertThat(unknown.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
		assertThat(get("/api/leads/" + id).getStatusCode()).isEqualTo(HttpStatus.OK);
	}

	private String capture(String email) {
		return post("/api/leads", """
				{"email":"%s","firstName":"Grace","lastName":"Hopper","company":"Cobol Systems","companySize":400,
				 "jobTitle":"CTO","industry":"Software","phone":"+1 555 0100","country":"US","language":"en",
				 "source":"webinar","consent":true}""".formatted(email)).getBody().get("id").asText();
	}
}
