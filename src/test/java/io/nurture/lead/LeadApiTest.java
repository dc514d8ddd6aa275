package io.nurture.lead;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import org.camunda.bpm.engine.identity.User;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.fasterxml.jackson.databind.JsonNode;

import io.nurture.NurtureTest;
import io.nurture.consent.Consents;

/** The lead API as a sign-up form, an import or a marketer's script uses it: over HTTP, authenticated. */
class LeadApiTest extends NurtureTest {

	@Autowired
	JdbcClient jdbc;
	@Autowired
	Consents consents;

	@Test
	void capturesALeadAndAnswersWithIt() {
		String email = uniqueEmail("ada");
		ResponseEntity<JsonNode> response = post("/api/leads", leadJson(email, "webinar"));

		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.CREATED);
		JsonNode lead = response.getBody();
		assertThat(response.getHeaders().getLocation()).hasToString("/api/leads/" + lead.get("id").asText());
		assertThat(lead.get("email").asText()).isEqualTo(email);
		assertThat(lead.get("stage").asText()).isEqualTo("LEAD");
		assertThat(lead.get("score").asInt()).as("fit: CTO, software, reachable").isEqualTo(40);
		assertThat(lead.get("grade").asText()).isEqualTo("A4");
		assertThat(lead.get("consent").asText()).isEqualTo("REQUESTED");

		JsonNode read = get("/api/leads/" + lead.get("id").asText()).getBody();
		assertThat(read.get("company").asText()).isEqualTo("Analytical Engines");
		assertThat(read.get("sources").get(0).get("source").asText()).isEqualTo("webinar");
	}

	@Test
	void capturingAKnownAddressAddsTheSourceAndStartsNoSecondJourney() {
		String email = uniqueEmail("known");
		String id = post("/api/leads", leadJson(email, "webinar")).getBody().get("id").asText();

		ResponseEntity<JsonNode> again = post("/api/leads", leadJson("  " + email.toUpperCase() + " ", "trade-show"));

		assertThat(again.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(again.getBody().get("id").asText()).isEqualTo(id);
		assertThat(again.getBody().get("sources").findValuesAsText("source")).containsExactly("webinar", "trade-show");
		assertThat(engine.getHistoryService().createHistoricProcessInstanceQuery().processInstanceBusinessKey(id).count())
				.isEqualTo(1);
	}

	@Test
	void aSourceKeepsTheCampaignItCameWithAndABadCampaignIsAProblem() {
		String email = uniqueEmail("campaign");
		String body = """
				{"email":"%s","firstName":"Ada","source":"webinar","campaign":"%s","consent":true}""";

		JsonNode lead = post("/api/leads", body.formatted(email, "spring-webinar-2027")).getBody();
		ResponseEntity<JsonNode> bad = post("/api/leads", body.formatted(uniqueEmail("campaign"), "Spring 2027!"));

		assertThat(lead.get("sources").get(0).get("source").asText()).isEqualTo("webinar");
		assertThat(lead.get("sources").get(0).get("campaign").asText()).isEqualTo("spring-webinar-2027");
		assertProblem(bad, HttpStatus.BAD_REQUEST, "campaign");
	}

	@Test
	void historyListsEveryStageChangeWithTimeAndCause() {
		String id = post("/api/leads", leadJson(uniqueEmail("history"), "webinar")).getBody().get("id").asText();

		JsonNode history = get("/api/leads/" + id + "/history").getBody();

		assertThat(history).hasSize(1);
		assertThat(history.get(0).get("toStage").asText()).isEqualTo("LEAD");
		assertThat(history.get(0).get("cause").asText()).isEqualTo("Captured via webinar");
		assertThat(history.get(0).get("changedAt").asText()).isNotBlank();
	}

	@Test
	void aSubscriberIsALeadWeOnlyKnowByItsAddress() {
		ResponseEntity<JsonNode> response = post("/api/leads",
				"{\"email\":\"" + uniqueEmail("sub") + "\",\"source\":\"newsletter\",\"consent\":true}");

		assertThat(response.getBody().get("stage").asText()).isEqualTo("SUBSCRIBER");
	}

	@Test
	void interactionsAreAcceptedStoredAndScored() {
		String id = post("/api/leads", leadJson(uniqueEmail("clicks"), "webinar")).getBody().get("id").asText();
		int before = get("/api/leads/" + id).getBody().get("score").asInt();

		ResponseEntity<JsonNode> response = post("/api/leads/" + id + "/interactions",
				"{\"type\":\"CONTENT_DOWNLOADED\",\"content\":\"Lead scoring guide\"}");

		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
		assertThat(response.getBody().get("type").asText()).isEqualTo("CONTENT_DOWNLOADED");
		assertThat(get("/api/leads/" + id).getBody().get("score").asInt()).isEqualTo(before + 8);
	}

	@Test
	void anInteractionPostedTwiceWithOneIdempotencyKeyCountsOnce() {
		String id = post("/api/leads", leadJson(uniqueEmail("twice"), "webinar")).getBody().get("id").asText();
		String body = "{\"type\":\"PRICING_PAGE_VISITED\",\"idempotencyKey\":\"visit-42\"}";
		int before = get("/api/leads/" + id).getBody().get("score").asInt();

		long first = post("/api/leads/" + id + "/interactions", body).getBody().get("interactionId").asLong();
		long second = post("/api/leads/" + id + "/interactions", body).getBody().get("interactionId").asLong();

		assertThat(second).isEqualTo(first);
		assertThat(get("/api/leads/" + id).getBody().get("score").asInt()).isEqualTo(before + 10);
	}

	@Test
	void parallelInteractionsForOneLeadLoseNoPointsAndRaiseOneHandover() throws Exception {
		List<String> types = IntStream.range(0, 50).mapToObj(i -> List.of("PAGE_VISITED", "EMAIL_OPENED",
				"EMAIL_CLICKED", "CONTENT_DOWNLOADED", "SOCIAL_ENGAGED").get(i % 5)).toList();
		String sequentialId = post("/api/leads", leadJson(uniqueEmail("calm"), "webinar")).getBody().get("id").asText();
		consents.confirm(sequentialId);
		for (String type : types) {
			post("/api/leads/" + sequentialId + "/interactions", "{\"type\":\"" + type + "\"}");
		}
		int sequentialScore = get("/api/leads/" + sequentialId).getBody().get("score").asInt();
		String id = post("/api/leads", leadJson(uniqueEmail("busy"), "webinar")).getBody().get("id").asText();
		consents.confirm(id);

		List<Integer> statuses = new ArrayList<>();
		ExecutorService pool = Executors.newFixedThreadPool(16);
		try {
			List<Future<Integer>> posts = types.stream().map(type -> pool.submit(() -> post(
					"/api/leads/" + id + "/interactions", "{\"type\":\"" + type + "\"}").getStatusCode().value()))
					.toList();
			for (Future<Integer> status : posts) {
				statuses.add(status.get());
			}
		}
		finally {
			pool.shutdown();
		}

		assertThat(statuses).containsOnly(202);
		JsonNode lead = get("/api/leads/" + id).getBody();
		assertThat(lead.get("score").asInt()).as("fit 40, engagement 10 x (2 + 1 + 3 + 8 + 2)").isEqualTo(200)
				.isEqualTo(sequentialScore);
		assertThat(lead.get("stage").asText()).isEqualTo("MQL");
		assertThat(engine.getTaskService().createTaskQuery().processInstanceBusinessKey(id).count()).isEqualTo(1);
	}

	@Test
	void aLeadTheCrmReportsAsCustomerLeavesNurtureAtOnceAndCannotBeDisqualifiedAfterwards() {
		String id = post("/api/leads", leadJson(uniqueEmail("buyer"), "webinar")).getBody().get("id").asText();
		consents.confirm(id);

		ResponseEntity<JsonNode> customer = post("/api/leads/" + id + "/stage",
				"{\"stage\":\"CUSTOMER\",\"cause\":\"Contract signed in the CRM\"}");

		assertThat(customer.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(customer.getBody().get("stage").asText()).isEqualTo("CUSTOMER");
		assertThat(engine.getRuntimeService().createProcessInstanceQuery().processInstanceBusinessKey(id).count())
				.as("journey and track ended").isZero();
		assertThat(engine.getHistoryService().createHistoricActivityInstanceQuery().activityId("BecameCustomerEnd")
				.list()).isNotEmpty();
		assertThat(get("/api/leads/" + id + "/history").getBody().findValuesAsText("cause"))
				.contains("Contract signed in the CRM");

		ResponseEntity<JsonNode> disqualified = post("/api/leads/" + id + "/stage",
				"{\"stage\":\"DISQUALIFIED\",\"cause\":\"Spam\"}");
		assertThat(disqualified.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
		assertThat(disqualified.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(disqualified.getBody().get("detail").asText()).contains("CUSTOMER", "DISQUALIFIED");
	}

	@Test
	void aStageChangeTheJourneyOwnsOrWithoutCauseIsAProblemNamingTheField() {
		String id = post("/api/leads", leadJson(uniqueEmail("stage"), "webinar")).getBody().get("id").asText();

		assertProblem(post("/api/leads/" + id + "/stage", "{\"stage\":\"SAL\",\"cause\":\"Because\"}"),
				HttpStatus.BAD_REQUEST, "stage");
		assertProblem(post("/api/leads/" + id + "/stage", "{\"stage\":\"DISQUALIFIED\"}"), HttpStatus.BAD_REQUEST,
				"cause");
		assertThat(post("/api/leads/no-such-lead/stage", "{\"stage\":\"DISQUALIFIED\",\"cause\":\"Spam\"}")
				.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
		assertThat(get("/api/leads/" + id).getBody().get("stage").asText()).isEqualTo("LEAD");
	}

	@Test
	void anInvalidEmailAddressIsAProblemNamingTheField() {
		assertProblem(post("/api/leads", leadJson("not-an-address", "webinar")), HttpStatus.BAD_REQUEST, "email");
	}

	@Test
	void aMissingRequiredFieldIsAProblemNamingTheField() {
		String withoutConsent = "{\"email\":\"" + uniqueEmail("x") + "\",\"source\":\"webinar\"}";
		assertProblem(post("/api/leads", withoutConsent), HttpStatus.BAD_REQUEST, "consent");
	}

	@Test
	void malformedJsonIsAProblem() {
		ResponseEntity<JsonNode> response = post("/api/leads", "{\"email\": \"a@b.com\", ");

		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(response.getBody().get("title").asText()).isEqualTo("Malformed JSON");
	}

	@Test
	void aValueOfTheWrongTypeIsAProblemNamingTheField() {
		String body = "{\"email\":\"" + uniqueEmail("x") + "\",\"source\":\"webinar\",\"consent\":\"perhaps\"}";
		assertProblem(post("/api/leads", body), HttpStatus.BAD_REQUEST, "consent");
	}

	@Test
	void anUnknownLeadIsANotFoundProblem() {
		ResponseEntity<JsonNode> response = get("/api/leads/no-such-lead");

		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
		assertThat(response.getBody().get("detail").asText()).contains("no-such-lead");
		assertThat(post("/api/leads/no-such-lead/interactions", "{\"type\":\"EMAIL_OPENED\"}").getStatusCode())
				.isEqualTo(HttpStatus.NOT_FOUND);
	}

	@Test
	void anUnknownInteractionTypeIsAProblemNamingTheFieldAndStoresNothing() {
		String id = post("/api/leads", leadJson(uniqueEmail("odd"), "webinar")).getBody().get("id").asText();

		ResponseEntity<JsonNode> response = post("/api/leads/" + id + "/interactions", "{\"type\":\"TELEPATHY\"}");

		assertProblem(response, HttpStatus.BAD_REQUEST, "type");
		assertThat(response.getBody().get("detail").asText()).contains("PRICING_PAGE_VISITED");
		assertThat(jdbc.sql("SELECT COUNT(*) FROM interactions WHERE lead_id = ?").param(id).query(Long.class).single())
				.isZero();
	}

	@Test
	void badInputWritesNothing() {
		long leadsBefore = jdbc.sql("SELECT COUNT(*) FROM leads").query(Long.class).single();

		post("/api/leads", leadJson("broken@", "webinar"));
		post("/api/leads", "{\"email\":\"" + uniqueEmail("x") + "\",\"source\":\"Web Site!\",\"consent\":true}");

		assertThat(jdbc.sql("SELECT COUNT(*) FROM leads").query(Long.class).single()).isEqualTo(leadsBefore);
	}

	@Test
	void theApiRequiresAnEngineUser() {
		ResponseEntity<JsonNode> anonymous = http.getForEntity("/api/leads/anything", JsonNode.class);
		// Its own user: after a wrong password the engine delays that user's next logins.
		String user = "lou" + System.nanoTime();
		engine.getIdentityService().saveUser(newUser(user));
		ResponseEntity<JsonNode> wrongPassword = http.withBasicAuth(user, "wrong")
				.getForEntity("/api/leads/anything", JsonNode.class);
		ResponseEntity<String> engineApi = http.getForEntity("/engine-rest/task", String.class);

		assertThat(anonymous.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
		assertThat(anonymous.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(wrongPassword.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
		assertThat(engineApi.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
		assertThat(http.withBasicAuth(SALES_USER, PASSWORD).getForEntity("/engine-rest/task", String.class)
				.getStatusCode()).isEqualTo(HttpStatus.OK);
	}

	@Test
	void aRememberedSignInLetsNoOtherPasswordIn() {
		String user = "lea" + System.nanoTime();
		engine.getIdentityService().saveUser(newUser(user));
		engine.getIdentityService().createMembership(user, "marketing");

		ResponseEntity<JsonNode> signedIn = http.withBasicAuth(user, PASSWORD).getForEntity("/api/leads/unknown",
				JsonNode.class);
		ResponseEntity<JsonNode> wrongPassword = http.withBasicAuth(user, PASSWORD + "x")
				.getForEntity("/api/leads/unknown", JsonNode.class);

		assertThat(signedIn.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
		assertThat(wrongPassword.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
	}

	private User newUser(String id) {
		User user = engine.getIdentityService().newUser(id);
		user.setPassword(PASSWORD);
		return user;
	}

	private void assertProblem(ResponseEntity<JsonNode> response, HttpStatus status, String field) {
		assertThat(response.getStatusCode()).isEqualTo(status);
		assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		List<String> fields = response.getBody().get("errors").findValuesAsText("field");
		assertThat(fields).contains(field);
		assertThat(response.getBody().get("detail").asText()).contains(field);
	}

	private static String leadJson(String email, String source) {
		return """
				{"email":"%s","firstName":"Ada","lastName":"Lovelace","company":"Analytical Engines",
				 "jobTitle":"CTO","industry":"Software","phone":"+44 20 7946 0000","country":"GB",
				 "language":"en","source":"%s","consent":true}""".formatted(email, source);
	}
}
