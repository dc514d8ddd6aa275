package io.nurture.sales;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.withVariables;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;

import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import com.fasterxml.jackson.databind.JsonNode;

import io.nurture.NurtureTest;
import io.nurture.ProcessCoverage;
import io.nurture.consent.ConsentMethod;
import io.nurture.consent.Consents;
import io.nurture.email.EmailCategory;
import io.nurture.email.Outbox;
import io.nurture.email.OutboxMessage;
import io.nurture.journey.LeadJourney;
import io.nurture.lead.Leads;
import io.nurture.lead.NewLead;
import io.nurture.lead.Stage;
import io.nurture.scoring.InteractionType;
import io.nurture.scoring.NewInteraction;
import io.nurture.scoring.Scoring;

/**
 * Every path through sales-handover, started by a real lead becoming an MQL in its journey: routing, the reminder
 * and the escalation, accept and qualify, return from qualification, disqualification, and the refusals a sales user
 * meets in the engine REST API (no decision, no reason, someone else's task).
 */
@ProcessCoverage.Covers("sales-handover")
class SalesHandoverProcessTest extends NurtureTest {

	static final String DACH_1 = "anna";
	static final String DACH_2 = "ben";
	static final String MANAGER = "mia";

	@Autowired
	Leads leads;
	@Autowired
	Consents consents;
	@Autowired
	Scoring scoring;
	@Autowired
	Outbox outbox;
	@Autowired
	CrmHandoverRepository crm;

	@AfterEach
	void signOut() {
		engine.getIdentityService().clearAuthentication();
	}

	@Test
	void shouldSpreadATeamsLeadsRoundRobinAndTellTheOwner() {
		teamUsers();
		ProcessInstance first = handover(mql("DE", "Software"));
		ProcessInstance second = handover(mql("AT", "Manufacturing"));

		List<String> owners = List.of(task(first).getAssignee(), task(second).getAssignee());
		assertThat(owners).as("two leads of team sales-dach, one after the other").containsExactlyInAnyOrder(DACH_1,
				DACH_2);
		assertThat(candidateGroups(task(first))).containsExactly("sales-dach");
		assertThat(notices(first.getBusinessKey())).extracting(OutboxMessage::recipient)
				.containsExactly(task(first).getAssignee() + "@sales.example");
		assertThat(notices(first.getBusinessKey()).get(0).subject()).startsWith("New lead to review: Ada Lovelace");
	}

	@Test
	void shouldGiveALeadNoRuleMatchesToTheSalesQueue() {
		ProcessInstance handover = handover(mql("US", "Software"));

		assertThat(task(handover)).hasCandidateGroup("sales").isNotAssigned();
	}

	@Test
	void shouldAssignAPublicSectorLeadToItsNamedOwner() {
		ProcessInstance handover = handover(mql("US", "Public sector"));

		assertThat(task(handover)).isAssignedTo("pat");
		assertThat(candidateGroups(task(handover))).containsExactly("sales-public");
	}

	@Test
	void shouldRemindTheOwnerAndThenEscalateToTheSalesManagersInBusinessHours() {
		teamUsers();
		ProcessInstance handover = handover(mql("CH", "Software"));
		String owner = task(handover).getAssignee();
		Job reminder = timer(handover, "ReminderTimer");
		Job escalation = timer(handover, "EscalationTimer");

		assertThat(reminder.getDuedate()).isBefore(escalation.getDuedate());
		for (Job timer : List.of(reminder, escalation)) {
			ZonedDateTime due = timer.getDuedate().toInstant().atZone(ZoneId.of("Europe/Berlin"));
			assertThat(due.getDayOfWeek()).isNotIn(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY);
			assertThat(due.toLocalTime()).isBetween(LocalTime.of(9, 0), LocalTime.of(17, 0));
		}

		engine.getManagementService().executeJob(reminder.getId());
		assertThat(handover).hasPassed("RemindOwner", "RemindedEnd").isWaitingAt("ReviewLead");
		assertThat(notices(handover.getBusinessKey())).extracting(OutboxMessage::recipient, m -> m.subject()
				.startsWith("Reminder:")).contains(org.assertj.core.groups.Tuple.tuple(owner + "@sales.example", true));

		engine.getManagementService().executeJob(escalation.getId());
		assertThat(handover).hasPassed("ShowToSalesManagers", "NotifySalesManagers", "EscalatedEnd")
				.isWaitingAt("ReviewLead");
		assertThat(candidateGroups(task(handover))).containsExactlyInAnyOrder("sales-dach", "sales-managers");
		assertThat(engine.getTaskService().createTaskQuery().taskCandidateGroup("sales-managers")
				.includeAssignedTasks().processInstanceId(handover.getId()).count()).as("in the managers' Tasklist")
				.isEqualTo(1);
		assertThat(notices(handover.getBusinessKey())).anySatisfy(notice -> {
			assertThat(notice.recipient()).isEqualTo(MANAGER + "@sales.example");
			assertThat(notice.subject()).startsWith("Escalated:");
		});
	}

	@Test
	void shouldHandAQualifiedLeadToTheCrm() {
		String leadId = mql("US", "Software");
		ProcessInstance journey = journey(leadId);
		ProcessInstance handover = handover(leadId);
		completeAsSales(task(handover), withVariables("decision", "accept"));
		assertThat(leads.require(leadId).getStage()).isEqualTo(Stage.SAL);

		completeAsSales(task(handover), withVariables("qualification", "qualified", "budgetConfirmed", true,
				"realisticChance", true, "expectedTimeline", "0-3M"));
		// Sales' decision is saved at once; the CRM handover is a step of its own that retries when it fails.
		assertThat(handover).hasPassed("MarkAsSql").isWaitingAt("HandOverToCrm");
		assertThat(leads.require(leadId).getStage()).isEqualTo(Stage.SQL);
		execute(job(handover));

		assertThat(handover).hasPassed("MarkAsSql", "HandOverToCrm", "QualifiedEnd").isEnded();
		assertThat(journey).hasPassed("AcceptedEnd").isEnded();
		assertThat(leads.require(leadId).getStage()).as("SQL now; OPPORTUNITY once the CRM takes it")
				.isIn(Stage.SQL, Stage.OPPORTUNITY);
		CrmHandover queued = crm.findByProcessInstanceId(handover.getId()).orElseThrow();
		assertThat(queued.leadId()).isEqualTo(leadId);
		assertThat(queued.payload()).contains("\"expectedTimeline\":\"0-3M\"", "\"owner\":\"" + SALES_USER + "\"");
	}

	@Test
	void shouldReturnALeadThatIsNotQualifiedToNurtureWithItsReason() {
		String leadId = mql("US", "Software");
		ProcessInstance handover = handover(leadId);
		completeAsSales(task(handover), withVariables("decision", "accept"));

		completeAsSales(task(handover), withVariables("qualification", "return", "returnReason", "NO_NEED_NOW",
				"returnComment", "Call again after their budget round"));

		assertThat(handover).hasPassed("NotQualifiedEnd").isEnded();
		assertThat(journey(leadId)).hasPassed("ReturnToNurture").isWaitingAt("RunNurtureTrack");
		assertThat(leads.require(leadId).getStage()).isEqualTo(Stage.LEAD);
		assertThat(leads.history(leadId)).last().satisfies(change -> assertThat(change.cause())
				.contains("NO_NEED_NOW", "budget round", SALES_USER));
	}

	@Test
	void shouldDisqualifyALeadThatIsNoTarget() {
		String leadId = mql("US", "Software");
		ProcessInstance journey = journey(leadId);
		ProcessInstance handover = handover(leadId);
		completeAsSales(task(handover), withVariables("decision", "accept"));

		completeAsSales(task(handover), withVariables("qualification", "disqualify", "returnReason", "WRONG_TARGET_GROUP"));

		assertThat(journey).hasPassed("DisqualifiedBySalesEnd").isEnded();
		assertThat(leads.require(leadId).getStage()).isEqualTo(Stage.DISQUALIFIED);
		assertThat(leads.history(leadId)).last()
				.satisfies(change -> assertThat(change.cause()).contains("WRONG_TARGET_GROUP", SALES_USER));
	}

	@Test
	void shouldRefuseAnIncompleteReviewAndSomeoneElsesTaskWithAMessage() {
		createUser(engine.getIdentityService(), "kai", null, "sales");
		String leadId = mql("US", "Software");
		Task review = task(handover(leadId));
		assertThat(as(SALES_USER).postForEntity("/engine-rest/task/" + review.getId() + "/claim",
				json("{\"userId\":\"" + SALES_USER + "\"}"), String.class).getStatusCode())
				.isEqualTo(HttpStatus.NO_CONTENT);

		ResponseEntity<JsonNode> undecided = completeAs(SALES_USER, review, "{}");
		assertThat(undecided.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(undecided.getBody().get("message").asText()).contains("Choose a decision");

		ResponseEntity<JsonNode> noReason = completeAs(SALES_USER, review, "{\"decision\":{\"value\":\"return\"}}");
		assertThat(noReason.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(noReason.getBody().get("message").asText()).contains("needs a reason", "NO_BUDGET");

		ResponseEntity<JsonNode> notHers = completeAs("kai", review, "{\"decision\":{\"value\":\"accept\"}}");
		assertThat(notHers.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(notHers.getBody().get("message").asText()).contains("assigned to " + SALES_USER,
				"only " + SALES_USER + " can complete it");

		assertThat(engine.getTaskService().createTaskQuery().taskId(review.getId()).count()).as("still open")
				.isEqualTo(1);
		assertThat(leads.require(leadId).getStage()).isEqualTo(Stage.MQL);
		assertThat(completeAs(SALES_USER, review, "{\"decision\":{\"value\":\"accept\"}}").getStatusCode())
				.isEqualTo(HttpStatus.NO_CONTENT);
		assertThat(leads.require(leadId).getStage()).isEqualTo(Stage.SAL);
	}

	@Test
	void shouldReportAcceptanceAndReturnReasonsPerSourceCampaignAndJourney() {
		createUser(engine.getIdentityService(), MANAGER, MANAGER + "@sales.example", "sales-managers");
		String accepted = mql("US", "Software", "report-fair", "fair-spring-2027");
		String returned = mql("US", "Software", "report-fair", "fair-spring-2027");
		completeAsSales(task(handover(accepted)), withVariables("decision", "accept"));
		completeAsSales(task(handover(returned)), withVariables("decision", "return", "returnReason", "NO_BUDGET"));

		JsonNode report = as(MANAGER).getForObject("/api/reports/handover", JsonNode.class);
		JsonNode fair = report.get("bySource").get("report-fair");
		assertThat(fair.get("reviewed").asInt()).isEqualTo(2);
		assertThat(fair.get("accepted").asInt()).isEqualTo(1);
		assertThat(fair.get("acceptanceRate").asDouble()).isEqualTo(0.5);
		assertThat(fair.get("returnReasons").get("NO_BUDGET").asInt()).isEqualTo(1);
		JsonNode campaign = report.get("byCampaign").get("fair-spring-2027");
		assertThat(campaign.get("reviewed").asInt()).isEqualTo(2);
		assertThat(campaign.get("accepted").asInt()).isEqualTo(1);
		assertThat(campaign.get("returnReasons").get("NO_BUDGET").asInt()).isEqualTo(1);
		assertThat(report.get("byJourney").get(LeadJourney.PROCESS_KEY).get("reviewed").asInt())
				.isGreaterThanOrEqualTo(2);

		ResponseEntity<JsonNode> forSales = as(SALES_USER).getForEntity("/api/reports/handover", JsonNode.class);
		assertThat(forSales.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
		assertThat(forSales.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
	}

	// --- leads, brought to sales through the application's services ---

	private String mql(String country, String industry) {
		return mql(country, industry, "webinar");
	}

	private String mql(String country, String industry, String source) {
		return mql(country, industry, source, null);
	}

	private String mql(String country, String industry, String source, String campaign) {
		String leadId = leads.capture(new NewLead(uniqueEmail("handover"), "Ada", "Lovelace", "Analytical Engines",
				120, "CTO", industry, "+44 20 7946 0000", country, "en", source, true, null, ConsentMethod.FORM,
				campaign)).lead().getId();
		consents.confirm(leadId);
		scoring.record(leadId, new NewInteraction(InteractionType.DEMO_REQUESTED, null, null, null, null));
		scoring.record(leadId, new NewInteraction(InteractionType.DEMO_REQUESTED, null, null, null, null));
		assertThat(leads.require(leadId).getStage()).isEqualTo(Stage.MQL);
		return leadId;
	}

	private void teamUsers() {
		createUser(engine.getIdentityService(), DACH_1, DACH_1 + "@sales.example", "sales-dach");
		createUser(engine.getIdentityService(), DACH_2, DACH_2 + "@sales.example", "sales-dach");
		createUser(engine.getIdentityService(), MANAGER, MANAGER + "@sales.example", "sales-managers");
	}

	private ProcessInstance journey(String leadId) {
		return engine.getRuntimeService().createProcessInstanceQuery().processInstanceBusinessKey(leadId)
				.processDefinitionKey(LeadJourney.PROCESS_KEY).singleResult();
	}

	private ProcessInstance handover(String leadId) {
		ProcessInstance handover = engine.getRuntimeService().createProcessInstanceQuery()
				.processInstanceBusinessKey(leadId).processDefinitionKey(SalesHandover.PROCESS_KEY).singleResult();
		assertThat(handover).as("the sales handover of lead " + leadId).isNotNull();
		return handover;
	}

	private List<String> candidateGroups(Task task) {
		return engine.getTaskService().getIdentityLinksForTask(task.getId()).stream().map(IdentityLink::getGroupId)
				.filter(java.util.Objects::nonNull).toList();
	}

	private Job timer(ProcessInstance handover, String activityId) {
		return engine.getManagementService().createJobQuery().processInstanceId(handover.getId()).timers()
				.activityId(activityId).singleResult();
	}

	private List<OutboxMessage> notices(String leadId) {
		return outbox.of(leadId).stream().filter(m -> m.category() == EmailCategory.SALES_NOTIFICATION).toList();
	}

	private ResponseEntity<JsonNode> completeAs(String user, Task task, String variables) {
		return as(user).postForEntity("/engine-rest/task/" + task.getId() + "/complete",
				json("{\"variables\":" + variables + "}"), JsonNode.class);
	}

	private TestRestTemplate as(String user) {
		return http.withBasicAuth(user, PASSWORD);
	}

	private static HttpEntity<String> json(String body) {
		HttpHeaders headers = new HttpHeaders();
		headers.setContentType(MediaType.APPLICATION_JSON);
		return new HttpEntity<>(body, headers);
	}

	/** Completes the task as the sales user would in Tasklist; Camunda checks her authorizations on the task. */
	private void completeAsSales(Task task, java.util.Map<String, Object> variables) {
		actingAs(SALES_USER, List.of("sales"), () -> complete(task, variables));
	}
}
