package io.nurture.journey.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.ProcessEngines;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.CallActivity;
import org.camunda.bpm.model.bpmn.instance.Message;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.camunda.bpm.model.bpmn.instance.SequenceFlow;
import org.camunda.bpm.model.bpmn.instance.ServiceTask;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.fasterxml.jackson.databind.JsonNode;

import io.nurture.NurtureTest;
import io.nurture.journey.LeadJourney;
import io.nurture.sales.SalesHandover;

/**
 * Simulations of the real lead-journey, into the nurture track it calls and on into the sales handover: what a sample
 * lead would receive and when, without a trace anywhere. Ada, a CTO in software, gets the B2B decision-maker track.
 */
class JourneySimulationTest extends NurtureTest {

	private static final List<String> PROJECT_TABLES = List.of("leads", "lead_sources", "lead_stage_changes",
			"consents", "lead_scores", "interactions", "score_ledger", "email_outbox", "sales_reviews", "sales_rotation",
			"crm_handovers");

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
		assertThat(emails(report)).as("the decision-maker track: welcome, business case, and without a click the report")
				.containsExactly("welcome@P0D", "case-study@P3D", "industry-report@P10D");
		JsonNode welcome = report.get("emails").get(0);
		assertThat(welcome.get("subject").asText()).isEqualTo("Ada, your guide to lead scoring that sales trusts");
		assertThat(welcome.get("firstLines").toString()).contains("Hi Ada,");
		assertThat(welcome.get("category").asText()).isEqualTo("MARKETING");
		assertThat(report.get("emails").get(1).get("subject").asText()).as("the send step's own subject line")
				.isEqualTo("The business case for lead scoring, from teams like yours");
		assertThat(report.get("outcome").get("state").asText()).isEqualTo("ENDED");
		assertThat(report.get("outcome").get("after").asText()).as("90 days of nurture after the report").isEqualTo("P100D");
		assertThat(report.get("outcome").get("description").asText()).contains("Left nurture: no engagement");
		assertThat(report.has("mql")).isFalse();
		assertThat(branches(report)).containsExactly("Consent?: confirmed",
				"Clicked the business case?: 7 days without a click", "Engaged anyway?: no");
		assertThat(processes(report)).containsExactly(LeadJourney.PROCESS_KEY, "nurture-track-decision-maker");

		assertThat(rows()).isEqualTo(rowsBefore);
		assertThat(engine.getRuntimeService().createProcessInstanceQuery().count()).isEqualTo(journeysBefore);
		assertThat(engine.getHistoryService().createHistoricProcessInstanceQuery().count()).isEqualTo(historyBefore);
		assertThat(ProcessEngines.getProcessEngines().keySet()).noneMatch(name -> name.startsWith("simulation-"));
		Thread.sleep(500);
		assertThat(MAIL.getReceivedMessagesForDomain(email)).isEmpty();
	}

	@Test
	void showsWhenClicksAndDemoRequestsMakeTheLeadAnMqlAndHandItToSales() {
		Map<String, Long> rowsBefore = rows();
		long tasksBefore = engine.getTaskService().createTaskQuery().count();

		JsonNode report = simulate(sample(uniqueEmail("engaged"), "CONFIRMED", """
				[{"after": "P1D", "type": "EMAIL_CLICKED"},
				 {"after": "P1D", "type": "DEMO_REQUESTED"},
				 {"after": "P1D", "type": "DEMO_REQUESTED"}]"""));

		assertThat(emails(report)).as("the business case is not sent: sales-ready leaves nurture")
				.containsExactly("welcome@P0D", "case-study@P3D");
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
		assertThat(outcome.get("description").asText()).as("the routing table sends a British lead to sales-uk")
				.isEqualTo("waits for sales-uk: Review lead");
		assertThat(outcome.get("after").asText()).isEqualTo("P4D");
		assertThat(processes(report)).containsExactly(LeadJourney.PROCESS_KEY, "nurture-track-decision-maker",
				SalesHandover.PROCESS_KEY);
		assertThat(actions(report)).as("recorded, not run: no email to sales, no score explanation written")
				.containsExactly("notifySales at Tell sales about the lead, P4D", "showScoreExplanation at Review lead, P4D");
		assertThat(rows()).as("no turn taken in sales-uk, no review, no handover").isEqualTo(rowsBefore);
		assertThat(engine.getTaskService().createTaskQuery().count()).isEqualTo(tasksBefore);
	}

	@Test
	void aLeadNoRoutingRuleMatchesWaitsInTheSalesQueue() {
		JsonNode report = simulate(sample(uniqueEmail("us"), "CONFIRMED", """
				[{"after": "P1D", "type": "DEMO_REQUESTED"}, {"after": "PT1H", "type": "DEMO_REQUESTED"}]""")
				.replace("\"GB\"", "\"US\""));

		assertThat(report.get("mql").get("after").asText()).isEqualTo("P1DT1H");
		assertThat(report.get("outcome").get("description").asText())
				.isEqualTo("waits for " + SalesHandover.SALES_GROUP + ": Review lead");
	}

	@Test
	void aClickOnTheBusinessCaseTakesTheFasterBranchToTheDemoInvitation() {
		// After the business case (sent at P3D), which comes before the reaction is due (P4D from the welcome).
		JsonNode report = simulate(sample(uniqueEmail("click"), "CONFIRMED", """
				[{"after": "P4D", "type": "EMAIL_CLICKED"}]""").replace("\"lead\"", "\"horizon\": \"P30D\", \"lead\""));

		assertThat(emails(report)).containsExactly("welcome@P0D", "case-study@P3D", "demo-invitation@P7D");
		assertThat(branches(report)).contains("Clicked the business case?: Link clicked", "Sales-ready?: no")
				.doesNotContain("Engaged anyway?: no");
		assertThat(report.get("outcome").get("state").asText()).isEqualTo("HORIZON");
		assertThat(report.get("outcome").get("description").asText()).contains("90 days of nurture");
	}

	@Test
	void waitsForTheOptInAndNurturesFromTheConfirmation() {
		JsonNode unconfirmed = simulate(sample(uniqueEmail("optin"), "REQUESTED", "[]"));
		assertThat(emails(unconfirmed)).containsExactly("confirm-subscription@P0D");
		assertThat(unconfirmed.get("outcome").get("after").asText()).isEqualTo("P7D");
		assertThat(unconfirmed.get("outcome").get("description").asText()).contains("opt-in not confirmed");
		assertThat(processes(unconfirmed)).containsExactly(LeadJourney.PROCESS_KEY);
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
		// A journey under another key, as a later branch might deploy it: lead-journey telling sales already before
		// the sales handover, with a bean of the live engine that the journey did not use so far.
		BpmnModelInstance model = Bpmn.readModelFromStream(engine.getRepositoryService().getProcessModel(
				engine.getRepositoryService().createProcessDefinitionQuery().processDefinitionKey(LeadJourney.PROCESS_KEY)
						.latestVersion().singleResult().getId()));
		model.getModelElementsByType(Process.class).iterator().next().setAttributeValue("id", "journey-with-new-bean", true);
		// A message start event's message may start one process only.
		model.<Message>getModelElementById("Message_LeadCapturedAgain").setName("LeadCapturedAgainInTheCopy");
		CallActivity handover = model.getModelElementById(LeadJourney.SALES_HANDOVER);
		SequenceFlow incoming = handover.getIncoming().iterator().next();
		ServiceTask post = model.newInstance(ServiceTask.class);
		post.setAttributeValue("id", "TellSalesEarly", true);
		post.setName("Tell sales early");
		post.setCamundaDelegateExpression("${notifySales}");
		handover.getParentElement().addChildElement(post);
		incoming.setTarget(post);
		post.getIncoming().add(incoming);
		SequenceFlow onwards = model.newInstance(SequenceFlow.class);
		onwards.setAttributeValue("id", "Flow_ToldSalesEarly", true);
		handover.getParentElement().addChildElement(onwards);
		onwards.setSource(post);
		onwards.setTarget(handover);
		String deployment = engine.getRepositoryService().createDeployment()
				.addModelInstance("journey-with-new-bean.bpmn", model).deploy().getId();
		try {
			ResponseEntity<JsonNode> response = post("/api/journeys/journey-with-new-bean/simulations",
					sample(uniqueEmail("bean"), "CONFIRMED", "[{\"after\": \"P1D\", \"type\": \"DEMO_REQUESTED\"}, "
							+ "{\"after\": \"PT1H\", \"type\": \"DEMO_REQUESTED\"}]"));

			assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
			JsonNode report = response.getBody();
			assertThat(actions(report)).as("the new bean, and the sales handover's beans without a stand-in")
					.containsExactly("notifySales at Tell sales early, P1DT1H", "notifySales at Tell sales about the lead, P1DT1H",
							"showScoreExplanation at Review lead, P1DT1H");
			assertThat(report.get("outcome").get("description").asText()).isEqualTo("waits for sales-uk: Review lead");
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

	/** The processes the sample ran through, in order of first entry. */
	private static List<String> processes(JsonNode report) {
		List<String> processes = new ArrayList<>();
		report.get("path").forEach(step -> {
			if (!processes.contains(step.get("process").asText())) {
				processes.add(step.get("process").asText());
			}
		});
		return processes;
	}

	private static List<String> actions(JsonNode report) {
		List<String> actions = new ArrayList<>();
		report.get("actions").forEach(action -> actions.add(action.get("bean").asText() + " at "
				+ action.get("step").asText() + ", " + action.get("after").asText()));
		return actions;
	}

	private static List<String> branches(JsonNode report) {
		List<String> branches = new ArrayList<>();
		report.get("branches").forEach(branch -> branches.add(branch.get("gateway").asText() + ": " + branch.get("took").asText()));
		return branches;
	}

	private Map<String, Long> rows() {
		Map<String, Long> rows = new LinkedHashMap<>();
		PROJECT_TABLES.forEach(table -> rows.put(table, jdbc.sql("SELECT COUNT(*) FROM " + table).query(Long.class).single()));
		// The round robin's turns: a real "Find sales owner" would count one up.
		rows.put("sales turns", jdbc.sql("SELECT COALESCE(SUM(turns), 0) FROM sales_rotation").query(Long.class).single());
		return rows;
	}

	private void assertProblem(ResponseEntity<JsonNode> response, HttpStatus status, String mentioned) {
		assertThat(response.getStatusCode()).as(String.valueOf(response.getBody())).isEqualTo(status);
		assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(response.getBody().toString()).contains(mentioned);
	}
}
