package io.nurture.operations;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import com.fasterxml.jackson.databind.JsonNode;

import io.nurture.NurtureTest;

/** What an operator's Prometheus and load balancer see: a public health check, and figures that move with the work. */
class OperationsMetricsTest extends NurtureTest {

	private static final String ADMIN = "admin";
	private static final String ADMIN_PASSWORD = "admin-test-pass";

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
		String before = scrape();
		String email = uniqueEmail("metrics");

		JsonNode lead = post("/api/leads", """
				{"email":"%s","firstName":"Ada","source":"webinar","consent":true}""".formatted(email)).getBody();
		String leadId = lead.get("id").asText();
		String stage = lead.get("stage").asText();
		post("/api/leads/" + leadId + "/interactions", """
				{"type":"PAGE_VISITED","url":"https://northwind.example/blog"}""");

		String after = awaitScrape("the confirmation email is counted as sent",
				scrape -> value(scrape, "nurture_emails_sent_total", "category", "OPT_IN") >= value(before,
						"nurture_emails_sent_total", "category", "OPT_IN") + 1);
		assertThat(value(after, "nurture_leads", "stage", stage))
				.isGreaterThanOrEqualTo(value(before, "nurture_leads", "stage", stage) + 1);
		assertThat(value(after, "nurture_journeys_active", "process", "lead-journey"))
				.isGreaterThanOrEqualTo(value(before, "nurture_journeys_active", "process", "lead-journey") + 1);
		assertThat(value(after, "nurture_interactions_total", "type", "PAGE_VISITED"))
				.isEqualTo(value(before, "nurture_interactions_total", "type", "PAGE_VISITED") + 1);
		assertThat(after).contains("nurture_outbox_backlog{status=\"PENDING\"}", "nurture_engine_jobs_due ",
				"nurture_engine_incidents{process=\"lead-journey\",type=\"failedJob\"}");
		assertThat(value(after, "nurture_engine_jobs_due"))
				.isEqualTo(engine.getManagementService().createJobQuery().executable().count());
		// The test's own HTTP client reports the URLs it called (http_client_requests); the server's figures may not.
		assertThat(after.lines().filter(line -> !line.startsWith("http_client_requests")))
				.as("no personal data in the figures").noneMatch(line -> line.contains(email) || line.contains(leadId));
	}

	private String awaitScrape(String what, Predicate<String> condition) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		String scrape = scrape();
		while (!condition.test(scrape)) {
			assertThat(System.nanoTime()).as(what).isLessThan(deadline);
			Thread.sleep(200);
			scrape = scrape();
		}
		return scrape;
	}

	private String scrape() {
		ResponseEntity<String> answer = http.withBasicAuth(ADMIN, ADMIN_PASSWORD).getForEntity("/actuator/prometheus",
				String.class);
		assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
		return answer.getBody();
	}

	/** The sample of a meter with these labels in the Prometheus text; 0 when there is none yet (a counter not yet used). */
	static double value(String scrape, String name, String... labels) {
		return Arrays.stream(scrape.split("\n"))
				.filter(line -> line.startsWith(name + "{") || line.startsWith(name + " "))
				.filter(line -> {
					for (int i = 0; i < labels.length; i += 2) {
						if (!line.contains(labels[i] + "=\"" + labels[i + 1] + "\"")) {
							return false;
						}
					}
					return true;
				})
				.mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
				.findFirst().orElse(0);
	}
}
