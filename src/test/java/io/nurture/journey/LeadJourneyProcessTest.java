package io.nurture.journey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.withVariables;

import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.nurture.NurtureTest;
import io.nurture.ProcessCoverage;
import io.nurture.consent.Consents;
import io.nurture.email.Outbox;
import io.nurture.email.OutboxMessage;
import io.nurture.lead.Leads;
import io.nurture.lead.NewLead;
import io.nurture.lead.Stage;
import io.nurture.scoring.InteractionType;
import io.nurture.scoring.NewInteraction;
import io.nurture.scoring.Scoring;

/**
 * Every path through lead-journey and through every nurture track, driven through the real services, with the real
 * delegates, track decision and outbox. One class, because the journey calls the tracks: process coverage is measured
 * per test class, over every process the class ran (see ProcessCoverage). In the track paths the leads cannot be
 * called (no phone), so engaging never makes them sales-ready and the track runs on.
 */
@ProcessCoverage.Covers({ "lead-journey", "nurture-track-*" })
class LeadJourneyProcessTest extends NurtureTest {


	/** A profile the track decision sends to the B2B decision-maker track. */
	static final Profile DECISION_MAKER = new Profile("CTO", "Software", "en", "webinar");
	/** A profile no special track suits: the general track. */
	static final Profile GENERALIST = new Profile("Marketing Assistant", "Retail", "en", "webinar");
	/** A decision maker from a trade-show list: the source wins, the trade-show track. */
	static final Profile TRADE_SHOW_CONTACT = new Profile("CTO", "Software", "en", "trade-show");

	@Autowired
	Leads leads;
	@Autowired
	Consents consents;
	@Autowired
	Scoring scoring;
	@Autowired
	Outbox outbox;

	/** The part of a profile the track decision reads. */
	record Profile(String jobTitle, String industry, String language, String source) {
	}

	@AfterEach
	void signOut() {
		engine.getIdentityService().clearAuthentication();
	}

	@Test
	void shouldNotNurtureALeadWithoutConsent() {
		String leadId = capture(DECISION_MAKER, true, false);

		HistoricProcessInstance journey = engine.getHistoryService().createHistoricProcessInstanceQuery()
				.processInstanceBusinessKey(leadId).singleResult();
		assertThat(journey.getState()).isEqualTo("COMPLETED");
		assertThat(passed(journey.getId())).contains("CheckConsent", "NoConsentEnd").doesNotContain("SendConfirmationEmail");
		assertThat(templatesSentTo(leadId)).isEmpty();
	}

	@Test
	void shouldAskForConfirmationAndWaitForIt() {
		String leadId = capture(DECISION_MAKER, true, true);

		assertThat(journey(leadId)).hasPassed("CheckConsent", "SendConfirmationEmail").isWaitingAt("AwaitConfirmationGateway");
		assertThat(templatesSentTo(leadId)).containsExactly("confirm-subscription");
	}

	@Test
	void shouldEndWhenTheConfirmationNeverComes() {
		String leadId = capture(DECISION_MAKER, true, true);
		ProcessInstance journey = journey(leadId);
		assertThat(journey).isWaitingAt("AwaitConfirmationGateway");

		execute(job());

		assertThat(journey).hasPassed("OptInExpiredEnd").isEnded();
		assertThat(templatesSentTo(leadId)).containsExactly("confirm-subscription");
	}

	@Test
	void shouldNurtureAConfirmedLeadInTheTrackTheDecisionChoseUntilTheTrackEnds() {
		String leadId = capture(DECISION_MAKER, true, true);
		ProcessInstance journey = journey(leadId);

		consents.confirm(leadId);

		assertThat(journey).hasPassed("ConsentConfirmedEvent", "ChooseNurtureTrack").isWaitingAt("RunNurtureTrack");
		ProcessInstance track = track(journey);
		assertThat(track).isStarted().hasProcessDefinitionKey("nurture-track-decision-maker")
				.hasBusinessKey(leadId).isWaitingAt("WaitBeforeBusinessCase");
		assertThat(engine.getRuntimeService().getVariables(track.getId())).containsOnlyKeys("leadId");
		assertThat(templatesSentTo(leadId)).containsExactly("confirm-subscription", "welcome");

		runTrackToItsEnd(track);

		assertThat(journey).hasPassed("NurtureCompleteEnd", "NurtureEndedEnd").isEnded();
		assertThat(leads.require(leadId).getStage()).isEqualTo(Stage.LEAD);
	}

	@Test
	void shouldRescoreEachInteractionWithTheJourneysModelAndKeepNurturing() {
		String leadId = confirmedLead(DECISION_MAKER, true);
		ProcessInstance journey = journey(leadId);

		interact(leadId, InteractionType.PRICING_PAGE_VISITED);

		assertThat(journey).isWaitingAt("RunNurtureTrack");
		assertThat(track(journey)).isWaitingAt("WaitBeforeBusinessCase");
		assertThat(scoring.assessment(leadId).orElseThrow().engagementScore()).isEqualTo(10);
		// Re-scored by the model the journey's step names; the score ledger is the record of it, not the history.
		assertThat(scoring.ledger(leadId)).last().satisfies(line -> {
			assertThat(line.decision()).isEqualTo("standard-engagement");
			assertThat(line.points()).isEqualTo(10);
		});
		assertThat(engine.getHistoryService().createHistoricActivityInstanceQuery().processInstanceId(journey.getId())
				.activityId("RescoreLead").count()).isZero();
		assertThat(leads.require(leadId).getStage()).isEqualTo(Stage.LEAD);
	}

	@Test
	void shouldHandASalesReadyLeadToSalesAndStopItsTrack() {
		String leadId = confirmedLead(DECISION_MAKER, true);
		ProcessInstance journey = journey(leadId);
		ProcessInstance track = track(journey);

		makeSalesReady(leadId);

		assertThat(journey).hasPassed("SalesReadyBoundary", "MarkAsMql").isWaitingAt("SalesHandover");
		ProcessInstance handover = handover(journey);
		assertThat(handover).isWaitingAt("ReviewLead");
		assertThat(task(handover)).hasName("Review lead").hasCandidateGroup("sales-uk");
		assertThat(leads.require(leadId).getStage()).isEqualTo(Stage.MQL);
		assertThat(track).isEnded();
	}

	@Test
	void shouldKeepNurturingALeadSalesCannotCall() {
		String leadId = confirmedLead(DECISION_MAKER, false);
		ProcessInstance journey = journey(leadId);

		makeSalesReady(leadId);

		assertThat(scoring.assessment(leadId).orElseThrow().engagementScore()).isGreaterThanOrEqualTo(50);
		assertThat(journey).hasNotPassed("MarkAsMql").isWaitingAt("RunNurtureTrack");
		assertThat(leads.require(leadId).getStage()).isEqualTo(Stage.LEAD);
	}

	@Test
	void shouldMakeAnAcceptedLeadSalesAccepted() {
		String leadId = confirmedLead(DECISION_MAKER, true);
		ProcessInstance journey = journey(leadId);
		makeSalesReady(leadId);
		ProcessInstance handover = handover(journey);

		completeAsSales(task(handover), withVariables("decision", "accept"));

		assertThat(handover).hasPassed("AcceptLead").isWaitingAt("QualifyLead");
		assertThat(task(handover)).isAssignedTo(SALES_USER);
		assertThat(journey).isWaitingAt("SalesHandover");
		assertThat(leads.require(leadId).getStage()).isEqualTo(Stage.SAL);
		assertThat(leads.history(leadId)).last().satisfies(change -> assertThat(change.cause()).contains(SALES_USER));
	}

	@Test
	void shouldReturnALeadToNurtureWithItsReasonInTheReEngagementTrack() {
		String leadId = confirmedLead(DECISION_MAKER, true);
		ProcessInstance journey = journey(leadId);
		makeSalesReady(leadId);
		ProcessInstance handover = handover(journey);

		completeAsSales(task(handover), withVariables("decision", "return", "returnReason", "NO_BUDGET", "returnComment",
				"Budget frozen until Q3"));

		assertThat(handover).hasPassed("ReturnedEnd").isEnded();
		assertThat(journey).hasPassed("ReturnToNurture").isWaitingAt("RunNurtureTrack").isNotEnded();
		assertThat(track(journey)).hasProcessDefinitionKey("nurture-track-re-engagement").isWaitingAt("RestAfterReturn");
		assertThat(leads.require(leadId).getStage()).isEqualTo(Stage.LEAD);
		assertThat(leads.history(leadId)).last().satisfies(change -> assertThat(change.cause())
				.contains("NO_BUDGET", "Budget frozen until Q3", SALES_USER));
		assertThat(scoring.ledger(leadId)).last().satisfies(line -> {
			assertThat(line.reason()).as("the standard model's adjustment for a return").isEqualTo("Returned by sales");
			assertThat(line.points()).isEqualTo(-5);
		});
		assertThat(templatesSentTo(leadId)).as("no second welcome").containsExactly("confirm-subscription", "welcome");
		assertThat(engine.getRuntimeService().getVariables(journey.getId())).doesNotContainKeys("decision",
				"returnReason", "returnComment", "handoverOutcome").containsEntry("returnedBySales", true);
	}

	@Test
	void shouldBringAReturnedLeadBackToSalesWhenItEngagesAgain() {
		String leadId = confirmedLead(DECISION_MAKER, true);
		ProcessInstance journey = journey(leadId);
		makeSalesReady(leadId);
		complete(task(handover(journey)), withVariables("decision", "return", "returnReason", "NO_NEED_NOW"));

		interact(leadId, InteractionType.WEBINAR_ATTENDED);

		assertThat(journey).isWaitingAt("SalesHandover");
		assertThat(handover(journey)).isWaitingAt("ReviewLead");
		assertThat(leads.require(leadId).getStage()).isEqualTo(Stage.MQL);
	}

	@Test
	void shouldLeaveNurtureAndStopEveryLaterEmailAtOnceWhenTheLeadUnsubscribes() {
		String leadId = confirmedLead(DECISION_MAKER, true);
		ProcessInstance journey = journey(leadId);
		ProcessInstance track = track(journey);

		consents.withdraw(leadId);

		assertThat(journey).hasPassed("UnsubscribedEnd").isEnded();
		assertThat(track).isEnded();
		assertThat(engine.getManagementService().createJobQuery().processInstanceId(track.getId()).count()).isZero();
		assertThat(templatesSentTo(leadId)).containsExactly("confirm-subscription", "welcome");
	}

	@Test
	void shouldLeaveNurtureAtOnceWhenAnEmailBouncesHard() {
		String leadId = confirmedLead(DECISION_MAKER, true);
		ProcessInstance journey = journey(leadId);
		ProcessInstance track = track(journey);

		interact(leadId, InteractionType.HARD_BOUNCED);

		assertThat(journey).hasPassed("HardBouncedEnd").isEnded();
		assertThat(track).isEnded();
	}

	@Test
	void shouldLeaveNurtureAtOnceWhenTheLeadIsDisqualified() {
		String leadId = confirmedLead(DECISION_MAKER, true);
		ProcessInstance journey = journey(leadId);
		ProcessInstance track = track(journey);

		leads.changeStage(leadId, Stage.DISQUALIFIED, "Competitor");

		assertThat(journey).hasPassed("DisqualifiedEnd").isEnded();
		assertThat(track).isEnded();
	}

	@Test
	void shouldLeaveNurtureAtOnceWhenTheLeadBecomesACustomer() {
		String leadId = confirmedLead(DECISION_MAKER, true);
		ProcessInstance journey = journey(leadId);
		ProcessInstance track = track(journey);

		leads.changeStage(leadId, Stage.CUSTOMER, "Signed the contract");

		assertThat(journey).hasPassed("BecameCustomerEnd").isEnded();
		assertThat(track).isEnded();
	}

	@Test
	void shouldStartNoSecondJourneyForALeadCapturedAgainWhileInItsJourney() {
		String email = uniqueEmail("twice");
		String leadId = leads.capture(lead(email, DECISION_MAKER, true, true)).lead().getId();

		leads.capture(lead(email.toUpperCase(), DECISION_MAKER, true, true));

		assertThat(engine.getHistoryService().createHistoricProcessInstanceQuery().processInstanceBusinessKey(leadId)
				.processDefinitionKey(LeadJourney.PROCESS_KEY).count()).isEqualTo(1);
	}

	@Test
	void shouldLetALeadReEnterWhenCapturedAgainAfterItsJourneyEnded() {
		String email = uniqueEmail("again");
		String leadId = leads.capture(lead(email, DECISION_MAKER, true, false)).lead().getId();
		assertThat(journey(leadId)).as("no consent, no journey running").isNull();

		leads.capture(lead(email, DECISION_MAKER, true, true));

		ProcessInstance journey = journey(leadId);
		assertThat(journey).hasPassed("CapturedAgain", "CheckConsent", "SendConfirmationEmail")
				.isWaitingAt("AwaitConfirmationGateway");
	}

	@Test
	void shouldNotNurtureACustomerCapturedAgain() {
		String email = uniqueEmail("customer");
		String leadId = confirmedLead(email, DECISION_MAKER, true);
		leads.changeStage(leadId, Stage.CUSTOMER, "Signed the contract");

		leads.capture(lead(email, DECISION_MAKER, true, true));

		assertThat(journey(leadId)).isNull();
		assertThat(engine.getHistoryService().createHistoricActivityInstanceQuery().activityId("LeftFunnelEnd")
				.list()).anySatisfy(end -> assertThat(engine.getHistoryService().createHistoricProcessInstanceQuery()
						.processInstanceId(end.getProcessInstanceId()).singleResult().getBusinessKey())
						.isEqualTo(leadId));
	}

	@Test
	void shouldNurtureAConfirmedLeadCapturedAgainAfterItsTrackEndedStraightAway() {
		String email = uniqueEmail("back");
		String leadId = confirmedLead(email, GENERALIST, true);
		runTrackToItsEnd(track(journey(leadId)));
		assertThat(journey(leadId)).isNull();

		leads.capture(lead(email, GENERALIST, true, true));

		ProcessInstance journey = journey(leadId);
		assertThat(journey).hasPassed("CapturedAgain", "CheckConsent").hasNotPassed("SendConfirmationEmail")
				.isWaitingAt("RunNurtureTrack");
		assertThat(track(journey)).hasProcessDefinitionKey("nurture-track-general");
	}

	// The nurture tracks, path by path


	@Test
	void decisionMakerWhoClicksTheBusinessCaseIsInvitedToADemo() {
		String leadId = confirmedLead(DECISION_MAKER, false);
		ProcessInstance track = track(journey(leadId));
		assertThat(track).hasProcessDefinitionKey("nurture-track-decision-maker").isWaitingAt("WaitBeforeBusinessCase");

		fireTimer(track);
		assertThat(track).isWaitingAt("AwaitBusinessCaseReaction");
		interact(leadId, InteractionType.EMAIL_CLICKED);

		assertThat(track).hasPassed("BusinessCaseClicked", "SendDemoInvitation").hasNotPassed("EngagedGateway")
				.isWaitingAt("NurtureWindow");
		assertThat(templatesSentTo(leadId)).containsExactly("confirm-subscription", "welcome", "case-study",
				"demo-invitation");
		fireTimer(track);
		assertThat(track).hasPassed("TrackCompleteEnd").isEnded();
	}

	@Test
	void decisionMakerWhoIsSilentButEngagedElsewhereIsInvitedToADemo() {
		String leadId = confirmedLead(DECISION_MAKER, false);
		ProcessInstance track = track(journey(leadId));
		fireTimer(track);
		interact(leadId, InteractionType.DEMO_REQUESTED);

		fireTimer(track);

		assertThat(track).hasPassed("BusinessCaseSilence", "EngagedGateway", "SendDemoInvitation")
				.isWaitingAt("NurtureWindow");
		assertThat(templatesSentTo(leadId)).endsWith("case-study", "demo-invitation");
	}

	@Test
	void decisionMakerWhoStaysSilentGetsTheIndustryReport() {
		String leadId = confirmedLead(DECISION_MAKER, false);
		ProcessInstance track = track(journey(leadId));
		fireTimer(track);

		fireTimer(track);

		assertThat(track).hasPassed("BusinessCaseSilence", "SendIndustryReport").hasNotPassed("SendDemoInvitation")
				.isWaitingAt("NurtureWindow");
		assertThat(templatesSentTo(leadId)).containsExactly("confirm-subscription", "welcome", "case-study",
				"industry-report");
		fireTimer(track);
		assertThat(track).isEnded();
	}

	@Test
	void generalLeadWhoClicksTheFollowUpGetsTheCaseStudyThenTheWebinarInvitationOnItsDate() {
		String leadId = confirmedLead(GENERALIST, false);
		ProcessInstance track = track(journey(leadId));
		assertThat(track).hasProcessDefinitionKey("nurture-track-general").isWaitingAt("WaitBeforeFollowUp");
		fireTimer(track);
		assertThat(track).isWaitingAt("AwaitFollowUpReaction");

		interact(leadId, InteractionType.EMAIL_CLICKED);

		assertThat(track).hasPassed("FollowUpClicked", "SendCaseStudy").isWaitingAt("WaitForWebinarInvitation");
		assertThat(engine.getManagementService().createJobQuery().processInstanceId(track.getId()).singleResult()
				.getDuedate()).as("the date in the model").hasYear(2027).hasMonth(3).hasDayOfMonth(2);
		fireTimer(track);
		assertThat(track).hasPassed("SendWebinarInvitation").isWaitingAt("NurtureWindow");
		assertThat(templatesSentTo(leadId)).containsExactly("confirm-subscription", "welcome", "follow-up",
				"case-study", "webinar-invitation");
		fireTimer(track);
		assertThat(track).hasPassed("TrackCompleteEnd").isEnded();
	}

	@Test
	void generalLeadWhoStaysSilentGetsTheIndustryReport() {
		String leadId = confirmedLead(GENERALIST, false);
		ProcessInstance track = track(journey(leadId));
		fireTimer(track);

		fireTimer(track);

		assertThat(track).hasPassed("FollowUpSilence", "SendIndustryReport").hasNotPassed("SendCaseStudy")
				.isWaitingAt("WaitForWebinarInvitation");
		assertThat(templatesSentTo(leadId)).containsExactly("confirm-subscription", "welcome", "follow-up",
				"industry-report");
	}

	@Test
	void returnedLeadWhoClicksIsInvitedToADemo() {
		String leadId = confirmedLeadWithoutJourney();
		ProcessInstance track = startTrack("nurture-track-re-engagement", leadId);
		assertThat(track).isWaitingAt("RestAfterReturn");
		fireTimer(track);
		assertThat(track).hasPassed("SendWeMissYouEmail").isWaitingAt("AwaitReaction");

		interact(leadId, InteractionType.EMAIL_CLICKED);

		assertThat(track).hasPassed("LinkClicked", "SendDemoInvitation").isWaitingAt("NurtureWindow");
		assertThat(templatesSentTo(leadId)).endsWith("we-miss-you", "demo-invitation");
		fireTimer(track);
		assertThat(track).hasPassed("TrackCompleteEnd").isEnded();
	}

	@Test
	void returnedLeadWhoStaysSilentIsLeftInQuietNurture() {
		String leadId = confirmedLeadWithoutJourney();
		ProcessInstance track = startTrack("nurture-track-re-engagement", leadId);
		fireTimer(track);

		fireTimer(track);

		assertThat(track).hasPassed("Silence").hasNotPassed("SendDemoInvitation").isWaitingAt("NurtureWindow");
		assertThat(templatesSentTo(leadId)).endsWith("we-miss-you");
	}

	@Test
	void tradeShowContactWhoReactsToTheFollowUpIsInvitedToADemo() {
		String leadId = confirmedLead(TRADE_SHOW_CONTACT, false);
		ProcessInstance track = track(journey(leadId));
		assertThat(track).hasProcessDefinitionKey("nurture-track-trade-show").isWaitingAt("AwaitReaction");

		interact(leadId, InteractionType.EMAIL_CLICKED);

		assertThat(track).hasPassed("LinkClicked", "SendDemoInvitation").isWaitingAt("NurtureWindow");
		assertThat(templatesSentTo(leadId)).containsExactly("confirm-subscription", "trade-show-follow-up",
				"demo-invitation");
		fireTimer(track);
		assertThat(track).hasPassed("TrackCompleteEnd").isEnded();
	}

	@Test
	void tradeShowContactWhoStaysSilentGetsNoMoreEmails() {
		String leadId = confirmedLead(TRADE_SHOW_CONTACT, false);
		ProcessInstance journey = journey(leadId);
		ProcessInstance track = track(journey);

		fireTimer(track);

		assertThat(track).hasPassed("Silence", "NoReactionEnd").isEnded();
		assertThat(templatesSentTo(leadId)).containsExactly("confirm-subscription", "trade-show-follow-up");
		assertThat(journey).hasPassed("NurtureEndedEnd").isEnded();
	}

	/** A lead with confirmed consent whose journey is gone, so that a track can run on its own. */
	private String confirmedLeadWithoutJourney() {
		String leadId = confirmedLead(GENERALIST, false);
		engine.getRuntimeService().deleteProcessInstance(journey(leadId).getId(), "the track is tested on its own");
		return leadId;
	}

	/** Starts a track as the journey's "Run nurture track" step does: business key and lead id only. */
	private ProcessInstance startTrack(String key, String leadId) {
		return engine.getRuntimeService().startProcessInstanceByKey(key, leadId, Map.of(LeadJourney.LEAD_ID, leadId));
	}

	String capture(Profile profile, boolean reachable, boolean consent) {
		return leads.capture(lead(uniqueEmail("journey"), profile, reachable, consent)).lead().getId();
	}

	String confirmedLead(Profile profile, boolean reachable) {
		return confirmedLead(uniqueEmail("journey"), profile, reachable);
	}

	String confirmedLead(String email, Profile profile, boolean reachable) {
		String leadId = leads.capture(lead(email, profile, reachable, true)).lead().getId();
		consents.confirm(leadId);
		return leadId;
	}

	static NewLead lead(String email, Profile profile, boolean reachable, boolean consent) {
		return new NewLead(email, "Ada", "Lovelace", "Analytical Engines", 120, profile.jobTitle(), profile.industry(),
				reachable ? "+44 20 7946 0000" : null, "GB", profile.language(), profile.source(), consent);
	}

	void makeSalesReady(String leadId) {
		interact(leadId, InteractionType.DEMO_REQUESTED);
		interact(leadId, InteractionType.DEMO_REQUESTED);
	}

	void interact(String leadId, InteractionType type) {
		scoring.record(leadId, new NewInteraction(type, null, null, null, null));
	}

	ProcessInstance journey(String leadId) {
		return engine.getRuntimeService().createProcessInstanceQuery().processDefinitionKey(LeadJourney.PROCESS_KEY)
				.processInstanceBusinessKey(leadId).singleResult();
	}

	/** The sales handover the journey runs right now. */
	ProcessInstance handover(ProcessInstance journey) {
		ProcessInstance handover = engine.getRuntimeService().createProcessInstanceQuery()
				.superProcessInstanceId(journey.getId()).processDefinitionKey("sales-handover").singleResult();
		assertThat(handover).as("the sales handover of journey " + journey.getId()).isNotNull();
		return handover;
	}

	/** The nurture track the journey runs right now. */
	ProcessInstance track(ProcessInstance journey) {
		ProcessInstance track = engine.getRuntimeService().createProcessInstanceQuery()
				.superProcessInstanceId(journey.getId()).singleResult();
		assertThat(track).as("a nurture track runs").isNotNull();
		return track;
	}

	/** Fires the track's one waiting timer, as the job executor would when its time comes. */
	void fireTimer(ProcessInstance track) {
		Job timer = engine.getManagementService().createJobQuery().processInstanceId(track.getId()).timers()
				.singleResult();
		assertThat(timer).as("a timer waits in " + track.getProcessDefinitionId()).isNotNull();
		engine.getManagementService().executeJob(timer.getId());
	}

	/** Fires timers until the track ends: silence all the way. */
	void runTrackToItsEnd(ProcessInstance track) {
		for (int step = 0; step < 10 && !ended(track); step++) {
			fireTimer(track);
		}
		assertThat(ended(track)).as("the track ended").isTrue();
	}

	boolean ended(ProcessInstance instance) {
		return engine.getRuntimeService().createProcessInstanceQuery().processInstanceId(instance.getId())
				.count() == 0;
	}

	List<String> passed(String processInstanceId) {
		return engine.getHistoryService().createHistoricActivityInstanceQuery().processInstanceId(processInstanceId)
				.list().stream().map(activity -> activity.getActivityId()).toList();
	}

	List<String> templatesSentTo(String leadId) {
		return outbox.of(leadId).stream().map(OutboxMessage::template).toList();
	}

	/**
	 * Completes the task as the sales user would in Tasklist, as a member of the team the lead was routed to (the
	 * routing table sends these British leads to sales-uk); Camunda checks her authorizations on the task.
	 */
	private void completeAsSales(Task task, Map<String, Object> variables) {
		List<String> groups = new java.util.ArrayList<>(List.of("sales"));
		engine.getTaskService().getIdentityLinksForTask(task.getId()).stream()
				.map(org.camunda.bpm.engine.task.IdentityLink::getGroupId).filter(java.util.Objects::nonNull)
				.forEach(groups::add);
		actingAs(SALES_USER, groups, () -> complete(task, variables));
	}
}
