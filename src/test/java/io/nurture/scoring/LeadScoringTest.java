package io.nurture.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.UnaryOperator;

import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.repository.Deployment;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.junit.jupiter.api.Test;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.fasterxml.jackson.databind.JsonNode;

import io.nurture.NurtureTest;
import io.nurture.consent.Consents;
import io.nurture.lead.Leads;
import io.nurture.lead.Stage;

/**
 * Scoring as marketing and sales see it: the DMN model's rules decide fit, engagement, grade and MQL, every point is
 * explained, engagement fades, and a broken model is caught before it can half-score a lead.
 */
class LeadScoringTest extends NurtureTest {

	@Autowired
	Scoring scoring;
	@Autowired
	ScoreWrites writes;
	@Autowired
	InteractionRepository interactions;
	@Autowired
	Leads leads;
	@Autowired
	Consents consents;
	@Autowired
	JdbcClient jdbc;
	@Autowired
	Scheduler quartz;
	@Autowired
	ScoringRules scoringRules;

	@Test
	void theScoreIsExplainedByTheRulesThatGaveIt() {
		String id = capture(profile(uniqueEmail("explained"), "CTO", "Software", 250, "DE", "+49 40 123456"));
		interact(id, "{\"type\":\"DEMO_REQUESTED\"}");
		interact(id, "{\"type\":\"PAGE_VISITED\",\"url\":\"https://northwind.example/products/scoring\"}");

		JsonNode score = get("/api/leads/" + id + "/score").getBody();

		assertThat(score.get("fitScore").asInt()).as("C-level 20, software 10, mid-market 10, DACH 5, reachable 10")
				.isEqualTo(55);
		assertThat(score.get("engagementScore").asInt()).as("demo 30, product page 5").isEqualTo(35);
		assertThat(score.get("score").asInt()).isEqualTo(90);
		assertThat(score.get("grade").asText()).isEqualTo("A2");
		assertThat(score.get("model").asText()).isEqualTo("standard");
		assertThat(score.get("mql").asBoolean()).as("engagement below 50").isFalse();
		assertThat(score.get("mqlReason").asText()).isEqualTo("Engagement below 50");
		JsonNode top = score.get("topContributions");
		assertThat(top).hasSize(5);
		assertThat(top.get(0).get("reason").asText()).isEqualTo("Requested a demo");
		assertThat(top.get(0).get("ruleId").asText()).isEqualTo("standard-engagement-demo");
		assertThat(top.get(0).get("points").asInt()).isEqualTo(30);
		assertThat(top.get(1).get("reason").asText()).isEqualTo("Decision maker (C-level, founder or owner)");

		JsonNode ledger = score.get("ledger");
		assertThat(ledger).hasSize(7);
		JsonNode productPage = ledger.get(6);
		assertThat(productPage.get("cause").asText()).isEqualTo("INTERACTION");
		assertThat(productPage.get("decision").asText()).isEqualTo("standard-engagement");
		assertThat(productPage.get("ruleId").asText()).isEqualTo("standard-engagement-product-page");
		assertThat(productPage.get("points").asInt()).isEqualTo(5);
		assertThat(productPage.get("scoreAfter").asInt()).isEqualTo(90);
		assertThat(productPage.get("gradeAfter").asText()).isEqualTo("A2");
		assertThat(productPage.get("interactionId").asLong()).isPositive();
		int running = 0;
		for (JsonNode line : ledger) {
			running += line.get("points").asInt();
			assertThat(line.get("scoreAfter").asInt()).as("each line's score after it").isEqualTo(running);
		}
	}

	@Test
	void aPoorFitStaysInNurtureHoweverEngagedAndSaysWhy() {
		String id = capture(profile(uniqueEmail("student").replace("example.com", "gmail.com"), "Student",
				"Education", null, "GB", "+44 20 7946 0001"));
		consents.confirm(id);
		for (int i = 0; i < 3; i++) {
			interact(id, "{\"type\":\"DEMO_REQUESTED\"}");
		}

		JsonNode score = get("/api/leads/" + id + "/score").getBody();

		assertThat(score.get("fitScore").asInt()).as("student -30, free mail -10, reachable 10").isEqualTo(-30);
		assertThat(score.get("grade").asText()).isEqualTo("D1");
		assertThat(score.get("mql").asBoolean()).isFalse();
		assertThat(score.get("mqlReason").asText()).isEqualTo("Fit too low for sales");
		assertThat(score.get("topContributions").findValuesAsText("reason")).contains("Student or job seeker",
				"Free-mail address");
		assertThat(leads.require(id).getStage()).isEqualTo(Stage.LEAD);
		assertThat(engine.getTaskService().createTaskQuery().processInstanceBusinessKey(id).count()).isZero();
	}

	@Test
	void salesSeesTheSameExplanationInTheReviewTask() {
		String id = salesReadyLead();

		Task review = engine.getTaskService().createTaskQuery().processInstanceBusinessKey(id).singleResult();
		Map<String, Object> shown = engine.getTaskService().getVariablesLocal(review.getId());

		assertThat(shown.get("scoreGrade")).isEqualTo("A1");
		assertThat((String) shown.get("scoreSummary")).startsWith("Score 100 (fit 40, engagement 60)")
				.contains("+60 Requested a demo").contains("+20 Decision maker (C-level, founder or owner)");
	}

	@Test
	void fallingBelowTheMqlRuleInNurtureIsRecordedAndKeepsTheLeadInNurture() throws SchedulerException {
		String id = salesReadyLead();
		Task review = engine.getTaskService().createTaskQuery().processInstanceBusinessKey(id).singleResult();
		engine.getTaskService().complete(review.getId(),
				Map.of("decision", "return", "returnReason", "NO_NEED_NOW", "returnComment", "Next year"));
		assertThat(get("/api/leads/" + id + "/score").getBody().get("mql").asBoolean()).as("still above the rule")
				.isTrue();

		// A half-life passes in silence: engagement halves, below the rule's 50.
		jdbc.sql("UPDATE lead_scores SET decayed_at = :at WHERE lead_id = :id")
				.param("at", Instant.now().minus(30, ChronoUnit.DAYS)).param("id", id).update();
		runDecayJob();
		await().atMost(Duration.ofSeconds(10)).until(() -> decayLines(id).size() == 1);

		JsonNode score = get("/api/leads/" + id + "/score").getBody();
		JsonNode last = score.get("ledger").get(score.get("ledger").size() - 1);
		assertThat(last.get("reason").asText()).isEqualTo("Engagement fades (half-life 30 days)");
		assertThat(last.get("mqlAfter").asBoolean()).isFalse();
		assertThat(score.get("mql").asBoolean()).isFalse();
		assertThat(leads.require(id).getStage()).isEqualTo(Stage.LEAD);
		assertThat(engine.getRuntimeService().getActiveActivityIds(journey(id).getId())).as("back in nurture")
				.contains("RunNurtureTrack");
	}

	@Test
	void engagementFadesByItsHalfLifeOncePerIntervalAndNeverMovesTheJourney() throws SchedulerException {
		String id = capture(profile(uniqueEmail("fading"), "CTO", "Software", null, "GB", "+44 20 7946 0002"));
		consents.confirm(id);
		interact(id, "{\"type\":\"DEMO_REQUESTED\"}");
		interact(id, "{\"type\":\"WEBINAR_REGISTERED\"}");
		// One half-life has passed since the lead last faded.
		jdbc.sql("UPDATE lead_scores SET decayed_at = :at WHERE lead_id = :id")
				.param("at", Instant.now().minus(30, ChronoUnit.DAYS)).param("id", id).update();

		runDecayJob();
		await().atMost(Duration.ofSeconds(10)).until(() -> decayLines(id).size() == 1);
		runDecayJob();

		JsonNode score = get("/api/leads/" + id + "/score").getBody();
		assertThat(score.get("engagementScore").asInt()).as("40 halved").isEqualTo(20);
		ScoreLedgerEntry decay = decayLines(id).get(0);
		assertThat(decay.points()).isEqualTo(-20);
		assertThat(decay.reason()).isEqualTo("Engagement fades (half-life 30 days)");
		assertThat(decay.axis()).isEqualTo(ScoreLedgerEntry.Axis.ENGAGEMENT);
		await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
				.until(() -> decayLines(id).size() == 1);
		assertThat(engine.getRuntimeService().getActiveActivityIds(journey(id).getId()))
				.containsExactly("RunNurtureTrack");
	}

	@Test
	void twoNodesDecayingOneLeadAtOnceDecayItOnce() throws Exception {
		String id = capture(profile(uniqueEmail("contended"), "CTO", "Software", null, "GB", null));
		interact(id, "{\"type\":\"DEMO_REQUESTED\"}");
		jdbc.sql("UPDATE lead_scores SET decayed_at = :at WHERE lead_id = :id")
				.param("at", Instant.now().minus(30, ChronoUnit.DAYS)).param("id", id).update();

		ExecutorService nodes = Executors.newFixedThreadPool(2);
		try {
			List<Future<Optional<Assessment>>> runs = nodes.invokeAll(
					List.<Callable<Optional<Assessment>>>of(() -> scoring.decay(id), () -> scoring.decay(id)));
			assertThat(runs.stream().filter(run -> getQuietly(run).isPresent())).hasSize(1);
		}
		finally {
			nodes.shutdown();
		}

		assertThat(decayLines(id)).hasSize(1);
		assertThat(scoring.assessment(id).orElseThrow().engagementScore()).isEqualTo(15);
	}

	@Test
	void aLongSilenceCountsAgainstTheLeadOnce() {
		String id = capture(profile(uniqueEmail("silent"), "CTO", "Software", null, "GB", null));
		interact(id, "{\"type\":\"DEMO_REQUESTED\"}");
		Instant longAgo = Instant.now().minus(100, ChronoUnit.DAYS);
		jdbc.sql("UPDATE lead_scores SET decayed_at = :at, last_interaction_at = :at WHERE lead_id = :id")
				.param("at", longAgo).param("id", id).update();

		scoring.decay(id);
		scoring.decay(id);

		List<ScoreLedgerEntry> silence = scoring.ledger(id).stream()
				.filter(line -> line.cause() == ScoreLedgerEntry.Cause.INACTIVITY).toList();
		assertThat(silence).singleElement().satisfies(line -> {
			assertThat(line.ruleId()).isEqualTo("standard-engagement-inactive");
			assertThat(line.reason()).isEqualTo("No activity for a long time");
			assertThat(line.points()).isEqualTo(-10);
		});
		assertThat(decayLines(id)).singleElement().extracting(ScoreLedgerEntry::points).as("30 after 100 days: 3")
				.isEqualTo(-27);
		assertThat(scoring.assessment(id).orElseThrow().engagementScore()).isEqualTo(-7);
	}

	@Test
	void theJourneyChoosesItsScoringModel() {
		String id = capture(profile(uniqueEmail("enterprise"), "Head of IT", "Manufacturing", 12000, "US",
				"+1 555 0101"));
		long demo = unscoredInteraction(id, InteractionType.DEMO_REQUESTED);
		BpmnModelInstance journey = Bpmn.createExecutableProcess("enterprise-rescoring").camundaHistoryTimeToLive(1)
				.startEvent().serviceTask("RescoreLead").camundaDelegateExpression("${rescoreLead}")
				.camundaInputParameter("scoringModel", "enterprise")
				.camundaOutputParameter("salesReady", "${salesReady}").endEvent().done();
		Deployment deployment = engine.getRepositoryService().createDeployment()
				.addModelInstance("enterprise-rescoring.bpmn", journey).deploy();
		try {
			engine.getRuntimeService().startProcessInstanceByKey("enterprise-rescoring", id,
					Map.of("leadId", id, "interactionId", demo));
		}
		finally {
			engine.getRepositoryService().deleteDeployment(deployment.getId(), true);
		}

		JsonNode score = get("/api/leads/" + id + "/score").getBody();
		assertThat(score.get("model").asText()).isEqualTo("enterprise");
		assertThat(score.get("fitScore").asInt()).as("head of 15, manufacturing 10, enterprise size 30, reachable 10")
				.isEqualTo(65);
		assertThat(score.get("topContributions").findValuesAsText("ruleId")).contains("enterprise-fit-enterprise",
				"enterprise-engagement-demo");
		assertThat(score.get("topContributions").findValuesAsText("ruleId"))
				.noneMatch(rule -> rule.startsWith("standard-"));
	}

	@Test
	void aDmnFileThatDoesNotParseIsRefusedAtDeploymentNamingIt() {
		assertThatThrownBy(() -> engine.getRepositoryService().createDeployment()
				.addString("scoring-broken.dmn", "<definitions xmlns=\"https://www.omg.org/spec/DMN/20191111/MODEL/\""
						+ " id=\"broken\" name=\"Broken\" namespace=\"x\"><decision id=\"broken-fit\">")
				.deploy()).isInstanceOf(ProcessEngineException.class).hasMessageContaining("scoring-broken.dmn");
		assertThat(engine.getRepositoryService().createDecisionDefinitionQuery().decisionDefinitionKey("broken-fit")
				.count()).isZero();
	}

	@Test
	void anIncompleteModelIsReportedByName() throws IOException {
		Deployment deployment = deployModel("partial", dmn -> dmn.replaceAll(
				"(?s)<decision id=\"partial-mql\".*?</decision>", "").replaceAll(
						"(?s)<dmndi:DMNShape id=\"partial-mql-shape\".*?</dmndi:DMNShape>", ""));
		try {
			assertThatThrownBy(() -> scoringRules.verify("partial")).isInstanceOf(ScoringModelException.class)
					.hasMessageContaining("'partial-mql'");
		}
		finally {
			engine.getRepositoryService().deleteDeployment(deployment.getId(), true);
		}
	}

	@Test
	void aRuleThatFailsLeavesNoLeadHalfScored() throws IOException {
		String id = capture(profile(uniqueEmail("intact"), "CTO", "Software", null, "GB", "+44 20 7946 0003"));
		// The demo rule's points are no number: the table fails when a demo request is scored.
		Deployment deployment = deployModel("faulty",
				dmn -> dmn.replace("<text>30</text>", "<text>\"thirty\"</text>"));
		long demo = unscoredInteraction(id, InteractionType.DEMO_REQUESTED);
		int ledgerBefore = scoring.ledger(id).size();
		Assessment before = scoring.assessment(id).orElseThrow();
		try {
			assertThatThrownBy(() -> scoring.apply(demo, "faulty", () -> leads.require(id).scoringProfile()))
					.hasMessageContaining("faulty-engagement");
		}
		finally {
			engine.getRepositoryService().deleteDeployment(deployment.getId(), true);
		}

		assertThat(scoring.ledger(id)).hasSize(ledgerBefore);
		assertThat(scoring.assessment(id)).contains(before);
		assertThat(interactions.findById(demo)).get().extracting(Interaction::scored).isEqualTo(false);
	}

	@Test
	void anInteractionFromTheFutureIsRefusedNamingTheField() {
		String id = capture(profile(uniqueEmail("future"), "CTO", "Software", null, "GB", null));
		String tomorrow = Instant.now().plus(1, ChronoUnit.DAYS).toString();

		ResponseEntity<JsonNode> response = post("/api/leads/" + id + "/interactions",
				"{\"type\":\"DEMO_REQUESTED\",\"occurredAt\":\"" + tomorrow + "\"}");

		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(response.getBody().get("errors").findValuesAsText("field")).containsExactly("occurredAt");
		assertThat(scoring.ledger(id)).allMatch(line -> line.cause() == ScoreLedgerEntry.Cause.PROFILE);
	}

	@Test
	void theApiCannotPostAnUnsubscribe() {
		String id = capture(profile(uniqueEmail("fake-unsub"), "CTO", "Software", null, "GB", null));

		ResponseEntity<JsonNode> response = post("/api/leads/" + id + "/interactions", "{\"type\":\"UNSUBSCRIBED\"}");

		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(response.getBody().get("errors").findValuesAsText("field")).containsExactly("type");
		ResponseEntity<JsonNode> fakeReturn = post("/api/leads/" + id + "/interactions",
				"{\"type\":\"RETURNED_BY_SALES\"}");
		assertThat(fakeReturn.getStatusCode()).as("only a sales return records it").isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(scoring.interactions(id)).isEmpty();
	}

	/** A confirmed CTO at a software company, reachable, with two demo requests: fit 40, engagement 60, A1, MQL. */
	private String salesReadyLead() {
		String id = capture(profile(uniqueEmail("ready"), "CTO", "Software", null, "GB", "+44 20 7946 0004"));
		consents.confirm(id);
		interact(id, "{\"type\":\"DEMO_REQUESTED\"}");
		interact(id, "{\"type\":\"DEMO_REQUESTED\"}");
		assertThat(leads.require(id).getStage()).isEqualTo(Stage.MQL);
		return id;
	}

	private String capture(String json) {
		return post("/api/leads", json).getBody().get("id").asText();
	}

	private void interact(String id, String json) {
		assertThat(post("/api/leads/" + id + "/interactions", json).getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
	}

	/** An interaction stored but not yet scored, as the journey finds it when its message arrives. */
	private long unscoredInteraction(String leadId, InteractionType type) {
		Instant now = Instant.now();
		return writes.insert(new Interaction(null, leadId, type, null, null, null, now, now, false)).id();
	}

	/** Deploys a copy of the standard model under another name, changed by {@code edit}. */
	private Deployment deployModel(String name, UnaryOperator<String> edit) throws IOException {
		String standard = new ClassPathResource("processes/scoring-standard.dmn").getContentAsString(
				StandardCharsets.UTF_8);
		String copy = edit.apply(standard.replace("standard", name));
		return engine.getRepositoryService().createDeployment().addString("scoring-" + name + ".dmn", copy).deploy();
	}

	private static <T> T getQuietly(Future<T> future) {
		try {
			return future.get();
		}
		catch (InterruptedException | ExecutionException e) {
			throw new IllegalStateException(e);
		}
	}

	private List<ScoreLedgerEntry> decayLines(String id) {
		return scoring.ledger(id).stream().filter(line -> line.cause() == ScoreLedgerEntry.Cause.DECAY).toList();
	}

	private void runDecayJob() throws SchedulerException {
		quartz.triggerJob(JobKey.jobKey("score-decay", "scoring"));
	}

	private ProcessInstance journey(String id) {
		return engine.getRuntimeService().createProcessInstanceQuery().processInstanceBusinessKey(id)
				.processDefinitionKey("lead-journey").singleResult();
	}

	private static String profile(String email, String jobTitle, String industry, Integer companySize,
			String country, String phone) {
		return """
				{"email":"%s","firstName":"Ada","lastName":"Lovelace","company":"Analytical Engines",
				 "companySize":%s,"jobTitle":"%s","industry":"%s","phone":%s,"country":"%s",
				 "language":"en","source":"webinar","consent":true}""".formatted(email, companySize, jobTitle,
				industry, phone == null ? "null" : "\"" + phone + "\"", country);
	}
}
