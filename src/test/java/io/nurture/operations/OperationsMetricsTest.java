package io.nurture.operations;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import com.fasterxml.jackson.databind.JsonNode;

import io.nurture.NurtureTest;

/** What an operator's Prometheus and load balancer see: a public health check, and figures that move with the work. */
class OperationsMetricsTest extends NurtureTest {

	@Test
	void healthIsPublicButOnlyOperatorsSeeItsDetails() {
		ResponseEntity<JsonNode> anonymous = http.getForEntity("/actuator/health", JsonNode.class);
		assertThat(anonymous.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(anonymous.getBody().get("status").asText()).isEqualTo("UP");
		assertThat(anonymous.getBody().has("components")).as("no details for anonymous callers").isFalse();

		JsonNode detailed = http.withBasicAuth(ADMIN, ADMIN_PASSWORD).getForEntity("/actuator/health", JsonNode.class)
				.getBody();
		assertThat(detailed.get("components").has("db")).isTrue();
		assertThat(detailed.get("components").has("mail")).as("a mail server that is down only delays emails").isFalse();
	}

	@Test
	void metricsAreForOperatorsOnly() {
		assertThat(http.getForEntity("/actuator/prometheus", String.class).getStatusCode())
				.isEqualTo(HttpStatus.UNAUTHORIZED);
		assertThat(http.withBasicAuth(MARKETING_USER, PASSWORD).getForEntity("/actuator/prometheus", String.class)
				.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
		createUser(engine.getIdentityService(), "olga", null, OperationsSecurity.OPERATORS);
		assertThat(http.withBasicAuth("olga", PASSWORD).getForEntity("/actuator/prometheus", String.class)
				.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(http.withBasicAuth("olga", PASSWORD).getForEntity("/actuator/metrics/nurture.leads", JsonNode.class)
				.getStatusCode()).isEqualTo(HttpStatus.OK);
	}

	@Test
	void figuresMoveWithLeadsJourneysInteractionsAndEmails() throws Exception {
		String before = prometheus();
		String email = uniqueEmail("metrics");

		JsonNode lead = post("/api/leads", """
				{"email":"%s","firstName":"Ada","source":"webinar","consent":true}""".formatted(email)).getBody();
		String leadId = lead.get("id").asText();
		String stage = lead.get("stage").asText();
		post("/api/leads/" + leadId + "/interactions", """
				{"type":"PAGE_VISITED","url":"https://northwind.example/blog"}""");

		String after = awaitScrape("the confirmation email is counted as sent",
				scrape -> metric(scrape, "nurture_emails_sent_total", "category", "OPT_IN") >= metric(before,
						"nurture_emails_sent_total", "category", "OPT_IN") + 1);
		assertThat(metric(after, "nurture_leads", "stage", stage))
				.isGreaterThanOrEqualTo(metric(before, "nurture_leads", "stage", stage) + 1);
		assertThat(metric(after, "nurture_journeys_active", "process", "lead-journey"))
				.isGreaterThanOrEqualTo(metric(before, "nurture_journeys_active", "process", "lead-journey") + 1);
		assertThat(metric(after, "nurture_interactions_total", "type", "PAGE_VISITED"))
				.isEqualTo(metric(before, "nurture_interactions_total", "type", "PAGE_VISITED") + 1);
		assertThat(after).contains("nurture_outbox_backlog{status=\"PENDING\"}", "nurture_engine_jobs_due ",
				"nurture_engine_incidents{process=\"lead-journey\",type=\"failedJob\"}");
		assertThat(metric(after, "nurture_engine_jobs_due"))
				.isEqualTo(engine.getManagementService().createJobQuery().executable().count());
		// The test's own HTTP client reports the URLs it called (http_client_requests); the server's figures may not.
		assertThat(after.lines().filter(line -> !line.startsWith("http_client_requests")))
				.as("no personal data in the figures").noneMatch(line -> line.contains(email) || line.contains(leadId));
	}

	private String awaitScrape(String what, Predicate<String> condition) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		String scrape = prometheus();
		while (!condition.test(scrape)) {
			assertThat(System.nanoTime()).as(what).isLessThan(deadline);
			Thread.sleep(200);
			scrape = prometheus();
		}
		return scrape;
	}
}
