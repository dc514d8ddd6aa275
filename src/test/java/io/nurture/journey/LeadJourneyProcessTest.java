package io.nurture.journey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.withVariables;

import java.util.List;

import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.nurture.NurtureTest;
import io.nurture.consent.Consents;
import io.nurture.email.Outbox;
import io.nurture.email.OutboxMessage;
import io.nurture.lead.Leads;
import io.nurture.lead.NewLead;
import io.nurture.lead.Stage;
import io.nurture.scoring.InteractionType;
import io.nurture.scoring.NewInteraction;
import io.nurture.scoring.Scoring;

/** Every path through lead-journey, driven through the real services, with the real delegates and outbox. */
class LeadJourneyProcessTest extends NurtureTest {

	@Autowired
	Leads leads;
	@Autowired
	Consents consents;
	@Autowired
	Scoring scoring;
	@Autowired
	Outbox outbox;

	@AfterEach
	void signOut() {
		engine.getIdentityService().clearAuthentication();
	}

	@Test
	void shouldNotNurtureALeadWithoutConsent() {
		String leadId = capture(true, false);

		HistoricProcessInstance journey = engine.getHistoryService().createHistoricProcessInstanceQuery()
				.processInstanceBusinessKey(leadId).singleResult();
		assertThat(journey.getState()).isEqualTo("COMPLETED");
		assertThat(passed(journey.getId())).contains("CheckConsent", "NoConsentEnd").doesNotContain("SendConfirmationEmail");
		assertThat(templatesSentTo(leadId)).isEmpty();
	}

	@Test
	void shouldAskForConfirmationAndWaitForIt() {
		String leadId = capture(true, true);

		assertThat(journey(leadId)).hasPassed("CheckConsent", "SendConfirmationEmail").isWaitingAt("AwaitConfirmationGateway");
		assertThat(templatesSentTo(leadId)).containsExactly("confirm-subscription");
	}

	@Test
	void shouldEndWhenTheConfirmationNeverComes() {
		String leadId = capture(true, true);
		ProcessInstance journey = journey(leadId);
		assertThat(journey).isWaitingAt("AwaitConfirmationGateway");

		execute(job());

		assertThat(journey).hasPassed("OptInExpiredEnd").isEnded();
		assertThat(templatesSentTo(leadId)).containsExactly("confirm-subscription");
	}

	@Test
	void shouldNurtureWithTimedEmailsOnceConfirmed() {
		String leadId = capture(true, true);
		ProcessInstance journey = journey(leadId);

		consents.confirm(leadId);
		assertThat(journey).hasPassed("ConsentConfirmedEvent", "SendWelcomeEmail").isWaitingAt("WaitBeforeFollowUp");
		assertThat(templatesSentTo(leadId)).containsExactly("confirm-subscription", "welcome");

		execute(job());
		assertThat(journey).hasPassed("SendFollowUpEmail").isWaitingAt("NurtureWindow");
		assertThat(templatesSentTo(leadId)).containsExactly("confirm-subscription", "welcome", "follow-up");

		execute(job());
		assertThat(journey).hasPassed("NurtureCompleteEnd", "NurtureEndedEnd").isEnded();
		assertThat(leads.require(leadId).getStage()).isEqualTo(Stage.LEAD);
	}

	@Test
	void shouldRescoreEachInteractionInsideTheJourneyAndKeepNurturing() {
		String leadId = confirmedLead(true);
		ProcessInstance journey = journey(leadId);

		interact(leadId, InteractionType.PRICING_PAGE_VISITED);

		assertThat(journey).hasPassed("InteractionRecordedStart", "RescoreLead", "StillNurturingEnd")
				.isWaitingAt("WaitBeforeFollowUp");
		assertThat(scoring.assessment(leadId).orElseThrow().engagementScore()).isEqualTo(10);
		assertThat(leads.require(leadId).getStage()).isEqualTo(Stage.LEAD);
	}

	@Test
	void shouldHandASalesReadyLeadToSales() {
		String leadId = confirmedLead(true);
		ProcessInstance journey = journey(leadId);

		makeSalesReady(leadId);

		assertThat(journey).hasPassed("SalesReadyEnd", "MarkAsMql").isWaitingAt("SalesHandover");
		ProcessInstance handover = handover(journey);
		assertThat(handover).isWaitingAt("ReviewLead");
		assertThat(task(handover)).hasName("Review lead").hasCandidateGroup("sales-uk");
		assertThat(leads.require(leadId).getStage()).isEqualTo(Stage.MQL);
	}

	@Test
	void shouldKeepNurturingALeadSalesCannotCall() {
		String leadId = confirmedLead(false);
		ProcessInstance journey = journey(leadId);

		makeSalesReady(leadId);

		assertThat(scoring.assessment(leadId).orElseThrow().engagementScore()).isGreaterThanOrEqualTo(50);
		assertThat(journey).hasNotPassed("MarkAsMql").isWaitingAt("WaitBeforeFollowUp");
		assertThat(leads.require(leadId).getStage()).isEqualTo(Stage.LEAD);
	}

	@Test
	void shouldMakeAnAcceptedLeadSalesAccepted() {
		String leadId = confirmedLead(true);
		ProcessInstance journey = journey(leadId);
		makeSalesReady(leadId);
		ProcessInstance handover = handover(journey);

		engine.getIdentityService().setAuthenticatedUserId(SALES_USER);
		complete(task(handover), withVariables("decision", "accept"));

		assertThat(handover).hasPassed("AcceptLead").isWaitingAt("QualifyLead");
		assertThat(task(handover)).isAssignedTo(SALES_USER);
		assertThat(journey).isWaitingAt("SalesHandover");
		assertThat(leads.require(leadId).getStage()).isEqualTo(Stage.SAL);
		assertThat(leads.history(leadId)).last().satisfies(change -> assertThat(change.cause()).contains(SALES_USER));
	}

	@Test
	void shouldReturnALeadToNurtureWithItsReasonAndWithoutTheWelcomeSequence() {
		String leadId = confirmedLead(true);
		ProcessInstance journey = journey(leadId);
		makeSalesReady(leadId);
		ProcessInstance handover = handover(journey);

		engine.getIdentityService().setAuthenticatedUserId(SALES_USER);
		complete(task(handover), withVariables("decision", "return", "returnReason", "NO_BUDGET", "returnComment",
				"Budget frozen until Q3"));

		assertThat(handover).hasPassed("ReturnedEnd").isEnded();
		assertThat(journey).hasPassed("ReturnToNurture").isWaitingAt("NurtureWindow").isNotEnded();
		assertThat(leads.require(leadId).getStage()).isEqualTo(Stage.LEAD);
		assertThat(leads.history(leadId)).last().satisfies(change -> assertThat(change.cause())
				.contains("NO_BUDGET", "Budget frozen until Q3", SALES_USER));
		assertThat(scoring.ledger(leadId)).last().satisfies(line -> {
			assertThat(line.reason()).as("the standard model's adjustment for a return").isEqualTo("Returned by sales");
			assertThat(line.points()).isEqualTo(-5);
		});
		assertThat(templatesSentTo(leadId)).containsExactly("confirm-subscription", "welcome");
		assertThat(engine.getRuntimeService().getVariables(journey.getId())).doesNotContainKeys("decision",
				"returnReason", "returnComment", "handoverOutcome").containsEntry("returnedBySales", true);
	}

	@Test
	void shouldBringAReturnedLeadBackToSalesWhenItEngagesAgain() {
		String leadId = confirmedLead(true);
		ProcessInstance journey = journey(leadId);
		makeSalesReady(leadId);
		complete(task(handover(journey)), withVariables("decision", "return", "returnReason", "NO_NEED_NOW"));

		interact(leadId, InteractionType.WEBINAR_ATTENDED);

		assertThat(journey).isWaitingAt("SalesHandover");
		assertThat(handover(journey)).isWaitingAt("ReviewLead");
		assertThat(leads.require(leadId).getStage()).isEqualTo(Stage.MQL);
	}

	@Test
	void shouldLeaveNurtureAtOnceWhenTheLeadUnsubscribes() {
		String leadId = confirmedLead(true);
		ProcessInstance journey = journey(leadId);

		consents.withdraw(leadId);

		assertThat(journey).hasPassed("UnsubscribedEnd").isEnded();
		assertThat(engine.getManagementService().createJobQuery().processInstanceId(journey.getId()).count()).isZero();
	}

	@Test
	void shouldStartNoSecondJourneyForAKnownAddress() {
		String email = uniqueEmail("twice");
		String leadId = leads.capture(lead(email, true, true)).lead().getId();

		leads.capture(lead(email.toUpperCase(), true, true));

		assertThat(engine.getHistoryService().createHistoricProcessInstanceQuery().processInstanceBusinessKey(leadId)
				.count()).isEqualTo(1);
	}

	private String capture(boolean reachable, boolean consent) {
		return leads.capture(lead(uniqueEmail("journey"), reachable, consent)).lead().getId();
	}

	private String confirmedLead(boolean reachable) {
		String leadId = capture(reachable, true);
		consents.confirm(leadId);
		return leadId;
	}

	private static NewLead lead(String email, boolean reachable, boolean consent) {
		return new NewLead(email, "Ada", "Lovelace", "Analytical Engines", 120, "CTO", "Software",
				reachable ? "+44 20 7946 0000" : null, "GB", "en", "webinar", consent);
	}

	private void makeSalesReady(String leadId) {
		interact(leadId, InteractionType.DEMO_REQUESTED);
		interact(leadId, InteractionType.DEMO_REQUESTED);
	}

	private void interact(String leadId, InteractionType type) {
		scoring.record(leadId, new NewInteraction(type, null, null, null, null));
	}

	private ProcessInstance journey(String leadId) {
		return engine.getRuntimeService().createProcessInstanceQuery().processInstanceBusinessKey(leadId)
				.processDefinitionKey(LeadJourney.PROCESS_KEY).singleResult();
	}

	private ProcessInstance handover(ProcessInstance journey) {
		ProcessInstance handover = engine.getRuntimeService().createProcessInstanceQuery()
				.superProcessInstanceId(journey.getId()).singleResult();
		assertThat(handover).as("the sales handover of journey " + journey.getId()).isNotNull();
		return handover;
	}

	private List<String> passed(String processInstanceId) {
		return engine.getHistoryService().createHistoricActivityInstanceQuery().processInstanceId(processInstanceId)
				.list().stream().map(activity -> activity.getActivityId()).toList();
	}

	private List<String> templatesSentTo(String leadId) {
		return outbox.of(leadId).stream().map(OutboxMessage::template).toList();
	}
}
