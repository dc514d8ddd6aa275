package io.nurture.email;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import com.fasterxml.jackson.databind.JsonNode;

import io.nurture.NurtureTest;
import io.nurture.lead.Leads;
import io.nurture.lead.NewLead;

/** Marketers list the emails and preview any of them for a real lead, a sample lead or data they type. */
class TemplateApiTest extends NurtureTest {

	@Autowired
	Leads leads;

	@Test
	void listsEveryEmailInTheTemplatesFolder() {
		ResponseEntity<JsonNode> response = get("/api/templates");

		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(response.getBody().get("templates").findValuesAsText("name"))
				.contains("confirm-subscription", "welcome", "follow-up").doesNotContain("layout");
		assertThat(response.getBody().get("sampleLeads").toString()).contains("complete-de", "sparse-en");
	}

	@Test
	void previewsForASampleLeadInGerman() {
		ResponseEntity<JsonNode> response = post("/api/templates/welcome/preview", "{\"sample\": \"complete-de\"}");

		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(response.getBody().get("language").asText()).isEqualTo("de");
		assertThat(response.getBody().get("subject").asText()).startsWith("Grete, Ihr Leitfaden");
		assertThat(response.getBody().get("text").asText()).contains("Hallo Grete,");
		assertThat(response.getBody().get("html").asText()).contains("<!DOCTYPE html>", "Hallo Grete,");
	}

	@Test
	void previewsForARealLeadWithLinksThatActOnNoOne() {
		String leadId = leads.capture(new NewLead(uniqueEmail("preview"), "Petra", "Preview", "Preview Labs", null,
				"CEO", "Banking", null, "DE", "en", "webinar", false)).lead().getId();

		ResponseEntity<JsonNode> response = post("/api/templates/follow-up/preview",
				"{\"leadId\": \"" + leadId + "\", \"subject\": \"${lead.firstName}, one idea for ${lead.company}\"}");

		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(response.getBody().get("subject").asText()).isEqualTo("Petra, one idea for Preview Labs");
		assertThat(response.getBody().get("text").asText()).contains("Hi Petra,", "Banking", "/public/unsubscribe?token=preview");
	}

	@Test
	void previewsForTypedDataWithoutNeedingEveryField() {
		ResponseEntity<JsonNode> response = post("/api/templates/welcome/preview",
				"{\"lead\": {\"company\": \"<b>Bold</b> Inc\", \"language\": \"en\"}}");

		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(response.getBody().get("text").asText()).contains("Hello,", "<b>Bold</b> Inc");
		assertThat(response.getBody().get("html").asText()).contains("&lt;b&gt;Bold&lt;/b&gt; Inc");
	}

	@Test
	void unknownNamesAndNamesThatClimbOutAreClearProblems() {
		ResponseEntity<JsonNode> unknown = post("/api/templates/newsletter/preview", "{}");
		ResponseEntity<JsonNode> traversal = post("/api/templates/..%2F..%2Fapplication.yml/preview", "{}");
		ResponseEntity<JsonNode> dotted = post("/api/templates/welcome.ftlh/preview", "{}");
		ResponseEntity<JsonNode> layout = post("/api/templates/layout/preview", "{}");
		ResponseEntity<JsonNode> sample = post("/api/templates/welcome/preview", "{\"sample\": \"nobody\"}");
		ResponseEntity<JsonNode> badLead = post("/api/templates/welcome/preview", "{\"leadId\": \"no-such-lead\"}");

		assertThat(unknown.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
		assertThat(unknown.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(unknown.getBody().get("detail").asText()).contains("No email template 'newsletter'");
		assertThat(traversal.getStatusCode().is4xxClientError()).isTrue();
		assertThat(dotted.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(dotted.getBody().get("title").asText()).isEqualTo("Invalid template name");
		assertThat(layout.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
		assertThat(sample.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(sample.getBody().get("detail").asText()).contains("No sample lead 'nobody'");
		assertThat(badLead.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
	}

	@Test
	void onlyMarketingMayUseTheTemplatesApi() {
		ResponseEntity<JsonNode> sales = http.withBasicAuth(SALES_USER, PASSWORD).getForEntity("/api/templates", JsonNode.class);
		ResponseEntity<JsonNode> anonymous = http.getForEntity("/api/templates", JsonNode.class);
		HttpHeaders headers = new HttpHeaders();
		headers.setContentType(MediaType.APPLICATION_JSON);
		ResponseEntity<JsonNode> salesPreview = http.withBasicAuth(SALES_USER, PASSWORD)
				.postForEntity("/api/templates/welcome/preview", new HttpEntity<>("{}", headers), JsonNode.class);

		assertThat(sales.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
		assertThat(sales.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(salesPreview.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
		assertThat(anonymous.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
	}
}
