package io.nurture.consent;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import com.fasterxml.jackson.databind.JsonNode;

import io.nurture.NurtureTest;

/**
 * The consent to tracking, as marketing's forms and a preference page use it: given with a tick at capture and proven
 * like the email consent, withdrawn and given again through the API, independent of unsubscribing, and refused with a
 * problem naming the field when the request is malformed.
 */
class TrackingConsentTest extends NurtureTest {

	@Autowired
	Consents consents;

	@Test
	void aTickAtCaptureGivesTrackingConsentWithItsProof() {
		String leadId = capture(uniqueEmail("tracked"), true);

		JsonNode consent = get("/api/leads/" + leadId + "/consent").getBody();

		assertThat(consent.get("status").asText()).isEqualTo("REQUESTED");
		assertThat(consent.get("tracking").asText()).isEqualTo("GIVEN");
		JsonNode tracking = record(consent, "TRACKING", "GIVEN");
		assertThat(tracking.get("method").asText()).isEqualTo("FORM");
		assertThat(tracking.get("source").asText()).isEqualTo("webinar");
		assertThat(tracking.get("consentText").asText()).startsWith("Northwind Analytics may record which of its emails I open");
		assertThat(record(consent, "MARKETING", "REQUESTED").get("consentText").asText()).startsWith("I agree to receive emails");
	}

	@Test
	void withoutATickThereIsNoTrackingConsentAndNoProofOfOne() {
		String leadId = capture(uniqueEmail("untracked"), false);

		JsonNode consent = get("/api/leads/" + leadId + "/consent").getBody();

		assertThat(consent.get("tracking").asText()).isEqualTo("NONE");
		assertThat(consent.get("records").findValuesAsText("category")).containsOnly("MARKETING");
	}

	@Test
	void trackingConsentIsWithdrawnAndGivenAgainIndependentlyOfUnsubscribing() {
		String email = uniqueEmail("preferences");
		String leadId = capture(email, true);
		consents.confirm(leadId);

		JsonNode withdrawn = put(leadId, "{\"given\":false,\"method\":\"EMAIL_REQUEST\"}").getBody();
		assertThat(withdrawn.get("tracking").asText()).isEqualTo("WITHDRAWN");
		assertThat(withdrawn.get("status").asText()).as("the email consent stays").isEqualTo("CONFIRMED");
		assertThat(record(withdrawn, "TRACKING", "WITHDRAWN").get("method").asText()).isEqualTo("EMAIL_REQUEST");
		assertThat(put(leadId, "{\"given\":false}").getBody().get("records").findValuesAsText("event"))
				.as("withdrawing twice records once").containsOnlyOnce("WITHDRAWN");

		// A later capture with the tick gives it again, with the new source as proof.
		assertThat(post("/api/leads", """
				{"email":"%s","source":"pricing-page","consent":true,"consentMethod":"FORM","trackingConsent":true}"""
				.formatted(email)).getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(consents.tracking(leadId)).isEqualTo(TrackingConsent.GIVEN);

		consents.withdraw(leadId, ConsentMethod.UNSUBSCRIBE_LINK);
		JsonNode unsubscribed = get("/api/leads/" + leadId + "/consent").getBody();
		assertThat(unsubscribed.get("status").asText()).isEqualTo("WITHDRAWN");
		assertThat(unsubscribed.get("tracking").asText()).as("unsubscribing is not withdrawing tracking").isEqualTo("GIVEN");
		assertThat(unsubscribed.get("records").findValuesAsText("source")).contains("pricing-page");
	}

	@Test
	void aMalformedRequestIsAProblemNamingTheFieldAndChangesNothing() {
		String leadId = capture(uniqueEmail("malformed"), true);

		assertProblem(put(leadId, "{}"), "given");
		assertProblem(put(leadId, "{\"given\":false,\"method\":\"COMPLAINT\"}"), "method");
		assertProblem(put(leadId, "{\"given\":true,\"source\":\"Preference Page!\"}"), "source");

		assertThat(consents.tracking(leadId)).isEqualTo(TrackingConsent.GIVEN);
		assertThat(put("00000000-0000-0000-0000-000000000000", "{\"given\":false}").getStatusCode())
				.isEqualTo(HttpStatus.NOT_FOUND);
	}

	private String capture(String email, boolean tracking) {
		ResponseEntity<JsonNode> captured = post("/api/leads", """
				{"email":"%s","firstName":"Ada","source":"webinar","consent":true,"consentMethod":"FORM",
				 "trackingConsent":%s}""".formatted(email, tracking));
		assertThat(captured.getStatusCode()).isEqualTo(HttpStatus.CREATED);
		return captured.getBody().get("id").asText();
	}

	private ResponseEntity<JsonNode> put(String leadId, String body) {
		HttpHeaders headers = new HttpHeaders();
		headers.setContentType(MediaType.APPLICATION_JSON);
		return http.withBasicAuth(MARKETING_USER, PASSWORD).exchange("/api/leads/" + leadId + "/consent/tracking",
				HttpMethod.PUT, new HttpEntity<>(body, headers), JsonNode.class);
	}

	private static JsonNode record(JsonNode consent, String category, String event) {
		for (JsonNode record : consent.get("records")) {
			if (category.equals(record.get("category").asText()) && event.equals(record.get("event").asText())) {
				return record;
			}
		}
		throw new AssertionError("No " + category + " " + event + " record in " + consent);
	}

	private static void assertProblem(ResponseEntity<JsonNode> response, String field) {
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(response.getBody().get("errors").findValuesAsText("field")).contains(field);
	}
}
