package io.nurture.journey.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.ProcessEngines;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.camunda.bpm.model.bpmn.instance.SequenceFlow;
import org.camunda.bpm.model.bpmn.instance.ServiceTask;
import org.camunda.bpm.model.bpmn.instance.UserTask;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.fasterxml.jackson.databind.JsonNode;

import io.nurture.NurtureTest;
import io.nurture.journey.LeadJourney;

/** Simulations of the real lead-journey: what a sample lead would receive and when, without a trace anywhere. */
class JourneySimulationTest extends NurtureTest {

	private static final List<String> PROJECT_TABLES = List.of("leads", "lead_sources", "lead_stage_changes",
			"consents", "lead_scores", "interactions", "score_ledger", "email_outbox", "sales_reviews");

	@Autowired
	JdbcClient jdbc;

	@Test
	void answersTheEmailsInOrderWithTheirSimulatedTimesAndLeavesNoTrace() throws Exception {
		String email = uniqueEmail("sample");
		Map<String, Long> rowsBefore = rows();
		long journeysBefore = engine.getRuntimeService().createProcessInstanceQuery().count();
		long historyBefore = engine.getHistoryService().createHistoricProcessInstanceQuery().count();

		JsonNode report = simulate(sample(email, "CONFIRMED", "[]"));

		assertThat(report.get("version").asInt()).isPositive();
		assertThat(emails(report)).containsExactly("welcome@P0D", "follow-up@P3D");
		JsonNode welcome = report.get("emails").get(0);
		assertThat(welcome.get("subject").asText()).isEqualTo("Ada, your guide to lead scoring that sales trusts");
		assertThat(welcome.get("firstLines").toString()).contains("Hi Ada,");
		assertThat(welcome.get("category").asText()).isEqualTo("MARKETING");
		assertThat(report.get("outcome").get("state").asText()).isEqualTo("ENDED");
		assertThat(report.get("outcome").get("after").asText()).isEqualTo("P93D");
		assertThat(report.get("outcome").get("description").asText()).contains("Left nurture: no engagement");
		assertThat(report.has("mql")).isFalse();
		assertThat(branches(report)).contains("Consent?: confirmed", "Returned by sales?: no, first time");

		assertThat(rows()).isEqualTo(rowsBefore);
		assertThat(engine.getRuntimeService().createProcessInstanceQuery().count()).isEqualTo(journeysBefore);
		assertThat(engine.getHistoryService().createHistoricProcessInstanceQuery().count()).isEqualTo(historyBefore);
		assertThat(ProcessEngines.getProcessEngines().keySet()).noneMatch(name -> name.startsWith("simulation-"));
		Thread.sleep(500);
		assertThat(MAIL.getReceivedMessagesForDomain(email)).isEmpty();
	}

	@Test
	void showsWhenClicksAndDemoRequestsMakeTheLeadAnMqlAndHandItToSales() {
		JsonNode report = simulate(sample(uniqueEmail("engaged"), "CONFIRMED", """
				[{"after": "P1D", "type": "EMAIL_CLICKED"},
				 {"after": "P1D", "type": "DEMO_REQUESTED"},
				 {"after": "P1D", "type": "DEMO_REQUESTED"}]"""));

		assertThat(emails(report)).containsExactly("welcome@P0D", "follow-up@P3D");
		List<String> reactions = new ArrayList<>();
		report.get("reactions").forEach(reaction -> reactions.add(reaction.get("type").asText() + "@"
				+ reaction.get("after").asText() + ":" + reaction.get("result").asText()));
		assertThat(reactions).containsExactly("EMAIL_CLICKED@P1D:delivered to the journey",
				"DEMO_REQUESTED@P2D:delivered to the journey", "DEMO_REQUESTED@P4D:delivered to the journey");
		JsonNode scores = report.get("scores");
		assertThat(scores).hasSize(3);
		assertThat(scores.get(1).get("mql").asBoolean()).as("33 engagement points are not enough").isFalse();
		assertThat(scores.get(2).get("mql").asBoolean()).isTrue();
		assertThat(scores.get(2).get("engagementScore").asInt()).as("older points faded a little").isBetween(50, 62);
		assertThat(report.get("mql").get("after").asText()).isEqualTo("P4D");
		assertThat(report.get("mql").get("stage").asText()).isEqualTo("MQL");
		assertThat(branches(report)).contains("Sales-ready?: no", "Sales-ready?: yes");
		JsonNode outcome = report.get("outcome");
		assertThat(outcome.get("state").asText()).isEqualTo("WAITING_FOR_TASK");
		assertThat(outcome.get("description").asText()).isEqualTo("waits for " + LeadJourney.SALES_GROUP + ": Review lead");
		assertThat(outcome.get("after").asText()).isEqualTo("P4D");
	}

	@Test
	void waitsForTheOptInAndNurturesFromTheConfirmation() {
		JsonNode unconfirmed = simulate(sample(uniqueEmail("optin"), "REQUESTED", "[]"));
		assertThat(emails(unconfirmed)).containsExactly("confirm-subscription@P0D");
		assertThat(unconfirmed.get("outcome").get("after").asText()).isEqualTo("P7D");
		assertThat(unconfirmed.get("outcome").get("description").asText()).contains("opt-in not confirmed");
		assertThat(branches(unconfirmed)).contains("Consent?: asked for, not yet confirmed",
				"Wait for confirmation: 7 days without confirmation");

		JsonNode confirmed = simulate(sample(uniqueEmail("optin"), "REQUESTED", """
				[{"after": "PT5H", "type": "CONSENT_CONFIRMED"}, {"after": "P1D", "type": "UNSUBSCRIBED"}]"""));
		assertThat(emails(confirmed)).containsExactly("confirm-subscription@P0D", "welcome@PT5H");
		assertThat(confirmed.get("outcome").get("description").asText()).contains("unsubscribed");
		assertThat(confirmed.get("outcome").get("after").asText()).isEqualTo("P1DT5H");
	}

	@Test
	void stopsAtTheHorizon() {
		JsonNode report = simulate(sample(uniqueEmail("horizon"), "CONFIRMED", "[]")
				.replace("\"lead\"", "\"horizon\": \"P10D\", \"lead\""));

		assertThat(report.get("outcome").get("state").asText()).isEqualTo("HORIZON");
		assertThat(report.get("outcome").get("after").asText()).isEqualTo("P10D");
		assertThat(report.get("outcome").get("description").asText()).contains("90 days of nurture");
	}

	@Test
	void recordsABeanItDoesNotKnowInAnyDeployedJourney() {
		// A journey under another key, as a later branch might deploy it: lead-journey with "Notify sales" before the task.
		BpmnModelInstance model = Bpmn.readModelFromStream(engine.getRepositoryService().getProcessModel(
				engine.getRepositoryService().createProcessDefinitionQuery().processDefinitionKey(LeadJourney.PROCESS_KEY)
						.latestVersion().singleResult().getId()));
		model.getModelElementsByType(Process.class).iterator().next().setAttributeValue("id", "journey-with-new-bean", true);
		UserTask task = model.getModelElementsByType(UserTask.class).iterator().next();
		SequenceFlow incoming = task.getIncoming().iterator().next();
		ServiceTask notify = model.newInstance(ServiceTask.class);
		notify.setAttributeValue("id", "NotifySales", true);
		notify.setName("Notify sales");
		notify.setCamundaDelegateExpression("${notifySales}");
		task.getParentElement().addChildElement(notify);
		incoming.setTarget(notify);
		notify.getIncoming().add(incoming);
		SequenceFlow onwards = model.newInstance(SequenceFlow.class);
		onwards.setAttributeValue("id", "Flow_NotifiedSales", true);
		task.getParentElement().addChildElement(onwards);
		onwards.setSource(notify);
		onwards.setTarget(task);
		String deployment = engine.getRepositoryService().createDeployment()
				.addModelInstance("journey-with-new-bean.bpmn", model).deploy().getId();
		try {
			ResponseEntity<JsonNode> response = post("/api/journeys/journey-with-new-bean/simulations",
					sample(uniqueEmail("bean"), "CONFIRMED", "[{\"after\": \"P1D\", \"type\": \"DEMO_REQUESTED\"}, "
							+ "{\"after\": \"PT1H\", \"type\": \"DEMO_REQUESTED\"}]"));

			assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
			JsonNode report = response.getBody();
			List<String> actions = new ArrayList<>();
			report.get("actions").forEach(action -> actions.add(action.get("bean").asText() + " at "
					+ action.get("step").asText() + ", " + action.get("after").asText()));
			assertThat(actions).as("the new bean, and the task listener of the live engine's sales module")
					.containsExactly("notifySales at Notify sales, P1DT1H", "showScoreExplanation at Review lead, P1DT1H");
			assertThat(report.get("outcome").get("description").asText()).endsWith(task.getName());
		}
		finally {
			engine.getRepositoryService().deleteDeployment(deployment, true);
		}
	}

	@Test
	void refusesBadRequestsWithProblems() {
		String key = LeadJourney.PROCESS_KEY;
		assertProblem(post("/api/journeys/no-such-journey/simulations", sample("a@example.com", "CONFIRMED", "[]")),
				HttpStatus.NOT_FOUND, "no-such-journey");
		assertProblem(post("/api/journeys/" + key + "/simulations",
				sample("a@example.com", "CONFIRMED", "[{\"after\": \"P1D\", \"type\": \"WAVED\"}]")),
				HttpStatus.BAD_REQUEST, "reactions[0].type");
		assertProblem(post("/api/journeys/" + key + "/simulations", "{\"lead\": {\"firstName\": \"Ada\"}}"),
				HttpStatus.BAD_REQUEST, "lead.email");
		assertProblem(post("/api/journeys/" + key + "/simulations",
				sample("a@example.com", "CONFIRMED", "[]").replace("\"lead\"", "\"version\": 999, \"lead\"")),
				HttpStatus.BAD_REQUEST, "version");
		assertProblem(post("/api/journeys/" + key + "/simulations",
				sample("a@example.com", "MAYBE", "[]")), HttpStatus.BAD_REQUEST, "consent");
	}

	private JsonNode simulate(String json) {
		ResponseEntity<JsonNode> response = post("/api/journeys/" + LeadJourney.PROCESS_KEY + "/simulations", json);
		assertThat(response.getStatusCode()).as(String.valueOf(response.getBody())).isEqualTo(HttpStatus.OK);
		return response.getBody();
	}

	private static String sample(String email, String consent, String reactions) {
		return """
				{"lead": {"email": "%s", "firstName": "Ada", "lastName": "Lovelace", "company": "Analytical Engines",
				          "companySize": 120, "jobTitle": "CTO", "industry": "Software", "phone": "+44 20 7946 0000",
				          "country": "GB", "language": "en"},
				 "consent": "%s", "reactions": %s}""".formatted(email, consent, reactions);
	}

	private static List<String> emails(JsonNode report) {
		List<String> emails = new ArrayList<>();
		report.get("emails").forEach(email -> emails.add(email.get("template").asText() + "@" + email.get("after").asText()));
		return emails;
	}

	private static List<String> branches(JsonNode report) {
		List<String> branches = new ArrayList<>();
		report.get("branches").forEach(branch -> branches.add(branch.get("gateway").asText() + ": " + branch.get("took").asText()));
		return branches;
	}

	private Map<String, Long> rows() {
		Map<String, Long> rows = new LinkedHashMap<>();
		PROJECT_TABLES.forEach(table -> rows.put(table, jdbc.sql("SELECT COUNT(*) FROM " + table).query(Long.class).single()));
		return rows;
	}

	private void assertProblem(ResponseEntity<JsonNode> response, HttpStatus status, String mentioned) {
		assertThat(response.getStatusCode()).as(String.valueOf(response.getBody())).isEqualTo(status);
		assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(response.getBody().toString()).contains(mentioned);
	}
}
