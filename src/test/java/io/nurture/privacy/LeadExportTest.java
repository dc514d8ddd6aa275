package io.nurture.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import com.fasterxml.jackson.databind.JsonNode;

import io.nurture.NurtureTest;
import io.nurture.consent.Consents;
import io.nurture.sales.SalesHandover;

/** A person may ask for everything the engine holds about them; marketing answers with one download. */
class LeadExportTest extends NurtureTest {

	@Autowired
	Consents consents;

	@Test
	void theExportHoldsEverythingKnownAboutTheLead() {
		String email = uniqueEmail("export");
		String id = post("/api/leads", """
				{"email":"%s","firstName":"Grace","lastName":"Hopper","company":"Cobol Systems","companySize":400,
				 "jobTitle":"CTO","industry":"Software","phone":"+1 555 0100","country":"US","language":"en",
				 "source":"webinar","campaign":"spring-webinar-2027","consent":true,"trackingConsent":true}"""
				.formatted(email)).getBody().get("id").asText();
		consents.confirm(id);
		post("/api/leads/" + id + "/interactions", "{\"type\":\"DEMO_REQUESTED\",\"idempotencyKey\":\"demo-1\"}");
		post("/api/leads/" + id + "/interactions", "{\"type\":\"DEMO_REQUESTED\",\"idempotencyKey\":\"demo-2\"}");
		Task review = engine.getTaskService().createTaskQuery().processInstanceBusinessKey(id)
				.taskDefinitionKey(SalesHandover.REVIEW_TASK).singleResult();
		actingAs(SALES_USER, List.of("sales"),
				() -> engine.getTaskService().complete(review.getId(), Map.of("decision", "accept")));

		ResponseEntity<JsonNode> response = get("/api/leads/" + id + "/export");

		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(response.getHeaders().getFirst(HttpHeaders.CONTENT_DISPOSITION)).contains("lead-" + id + ".json");
		JsonNode export = response.getBody();
		assertThat(export.get("profile").get("email").asText()).isEqualTo(email);
		assertThat(export.get("profile").get("phone").asText()).isEqualTo("+1 555 0100");
		assertThat(export.get("profile").get("sources").get(0).get("campaign").asText()).isEqualTo("spring-webinar-2027");
		assertThat(export.get("consent").get("status").asText()).isEqualTo("CONFIRMED");
		assertThat(export.get("consent").get("records").findValuesAsText("event")).contains("REQUESTED", "CONFIRMED");
		assertThat(export.get("consent").get("tracking").asText()).isEqualTo("GIVEN");
		assertThat(export.get("consent").get("records").findValuesAsText("category")).contains("MARKETING", "TRACKING");
		assertThat(export.get("interactions").findValuesAsText("idempotencyKey")).containsExactly("demo-1", "demo-2");
		assertThat(export.get("scoreLedger").findValuesAsText("cause")).contains("PROFILE", "INTERACTION");
		assertThat(export.get("emails").findValuesAsText("template")).contains("confirm-subscription", "welcome");
		assertThat(export.get("stageHistory").findValuesAsText("toStage")).containsExactly("LEAD", "MQL", "SAL");
		assertThat(export.get("salesDecisions").findValuesAsText("decision")).contains("accept");
		assertThat(export.get("salesDecisions").findValuesAsText("reviewer")).contains(SALES_USER);
	}

	@Test
	void onlyMarketingMayExportAndAnUnknownLeadIsNotFound() {
		String id = post("/api/leads", """
				{"email":"%s","source":"webinar","consent":false}""".formatted(uniqueEmail("export"))).getBody()
				.get("id").asText();

		ResponseEntity<JsonNode> bySales = http.withBasicAuth(SALES_USER, PASSWORD)
				.getForEntity("/api/leads/" + id + "/export", JsonNode.class);
		ResponseEntity<JsonNode> unknown = get("/api/leads/no-such-lead/export");

		assertThat(bySales.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
		assertThat(bySales.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(unknown.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
		assertThat(unknown.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
	}
}
