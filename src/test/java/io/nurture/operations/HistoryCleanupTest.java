package io.nurture.operations;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Date;
import java.util.List;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.history.HistoricActivityInstance;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.repository.DecisionDefinition;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.nurture.NurtureTest;

/** Camunda's history does not grow without bound: every model has a time to live, and the cleanup removes what is past it. */
class HistoryCleanupTest extends NurtureTest {

	@AfterEach
	void realTime() {
		ClockUtil.reset();
	}

	@Test
	void everyDeployedProcessAndDecisionHasAHistoryTimeToLive() {
		List<ProcessDefinition> processes = engine.getRepositoryService().createProcessDefinitionQuery().latestVersion()
				.list();
		List<DecisionDefinition> decisions = engine.getRepositoryService().createDecisionDefinitionQuery()
				.latestVersion().list();
		assertThat(processes).extracting(ProcessDefinition::getKey).contains("lead-journey", "sales-handover",
				"nurture-track-general");
		assertThat(processes).allSatisfy(process -> assertThat(process.getHistoryTimeToLive())
				.as(process.getKey()).isEqualTo(180));
		assertThat(decisions).extracting(DecisionDefinition::getKey).contains("nurture-track", "handover-routing");
		assertThat(decisions).allSatisfy(decision -> assertThat(decision.getHistoryTimeToLive())
				.as(decision.getKey()).isEqualTo(180));
	}

	@Test
	void theCleanupRemovesAJourneyThatEndedLongerAgoThanItsTimeToLiveAndKeepsARecentOne() {
		// Without consent the journey ends at once.
		String old = capture();
		HistoricProcessInstance oldJourney = journeyOf(old);
		assertThat(oldJourney.getEndTime()).isNotNull();
		assertThat(oldJourney.getRemovalTime()).as("fixed when the journey ended").isNotNull();

		ClockUtil.setCurrentTime(new Date(oldJourney.getEndTime().getTime() + days(170)));
		String recent = capture();
		ClockUtil.setCurrentTime(new Date(oldJourney.getEndTime().getTime() + days(181)));
		runHistoryCleanupUntilGone(oldJourney.getId());

		assertThat(engine.getHistoryService().createHistoricProcessInstanceQuery()
				.processInstanceId(oldJourney.getId()).count()).as("180 days after its end").isZero();
		assertThat(engine.getHistoryService().createHistoricActivityInstanceQuery()
				.processInstanceId(oldJourney.getId()).count()).isZero();
		assertThat(journeyOf(recent)).as("11 days after its end").isNotNull();
	}

	@Test
	void historyKeepsEachJourneysStepsAndTheLastValuesOfItsVariablesButNotEveryChange() {
		// With consent the journey waits for the confirmation, a timer set (7 days without confirmation).
		String lead = post("/api/leads", """
				{"email":"%s","firstName":"Ada","source":"webinar","consent":true}""".formatted(uniqueEmail("history")))
				.getBody().get("id").asText();
		HistoricProcessInstance journey = journeyOf(lead);
		HistoryService history = engine.getHistoryService();

		assertThat(history.createHistoricActivityInstanceQuery().processInstanceId(journey.getId()).list())
				.extracting(HistoricActivityInstance::getActivityName).contains("Lead captured");
		assertThat(history.createHistoricVariableInstanceQuery().processInstanceId(journey.getId()).count())
				.isPositive();
		assertThat(history.createHistoricDetailQuery().processInstanceId(journey.getId()).count())
				.as("every change of every variable is not kept (history level audit)").isZero();
		assertThat(engine.getManagementService().createJobQuery().processInstanceId(journey.getId()).timers().count())
				.isOne();
		assertThat(history.createHistoricJobLogQuery().processInstanceId(journey.getId()).count())
				.as("nor a log line per timer set").isZero();
	}

	private void runHistoryCleanupUntilGone(String processInstanceId) {
		HistoryService history = engine.getHistoryService();
		ManagementService management = engine.getManagementService();
		history.cleanUpHistoryAsync(true);
		// Each run removes up to a batch of rows per history table, in no particular order: other tests left many.
		for (int run = 0; run < 500 && (history.createHistoricProcessInstanceQuery().processInstanceId(processInstanceId)
				.count() > 0 || history.createHistoricActivityInstanceQuery().processInstanceId(processInstanceId)
						.count() > 0); run++) {
			for (Job job : history.findHistoryCleanupJobs()) {
				management.executeJob(job.getId());
			}
		}
	}

	private String capture() {
		return post("/api/leads", """
				{"email":"%s","firstName":"Ada","source":"webinar","consent":false}""".formatted(uniqueEmail("history")))
				.getBody().get("id").asText();
	}

	private HistoricProcessInstance journeyOf(String leadId) {
		return engine.getHistoryService().createHistoricProcessInstanceQuery().processInstanceBusinessKey(leadId)
				.processDefinitionKey("lead-journey").singleResult();
	}

	private static long days(int days) {
		return days * 24L * 60 * 60 * 1000;
	}
}
