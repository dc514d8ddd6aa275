package io.nurture.journey;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.camunda.bpm.engine.repository.Deployment;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.builder.ProcessBuilder;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.nurture.NurtureTest;
import io.nurture.lead.Leads;
import io.nurture.lead.NewLead;
import io.nurture.scoring.InteractionType;
import io.nurture.scoring.NewInteraction;
import io.nurture.scoring.Scoring;
import io.nurture.scoring.ScoreLedgerEntry;

/**
 * Interactions are re-scored outside the engine only where the journey's "Interaction recorded" sub-process would
 * do nothing else for a lead that stays short of the MQL rule; anything a marketer adds to it still runs for every
 * interaction.
 */
class QuietRescoringTest extends NurtureTest {

	@Autowired
	Leads leads;
	@Autowired
	Scoring scoring;

	@Test
	void theShippedJourneyReScoresQuietlyWithTheModelItsStepNames() {
		assertThat(QuietRescoring.scoringModel(journey(xml -> xml))).contains("standard");
		assertThat(QuietRescoring.scoringModel(journey(xml -> xml.replace(
				"<camunda:inputParameter name=\"scoringModel\">standard</camunda:inputParameter>",
				"<camunda:inputParameter name=\"scoringModel\">enterprise</camunda:inputParameter>"))))
				.contains("enterprise");
	}

	@Test
	void aSubProcessThatDoesMoreRunsForEveryInteraction() {
		String rescore = "camunda:delegateExpression=\"${rescoreLead}\"";
		String keepNurturing = "<bpmn:endEvent id=\"StillNurturingEnd\" name=\"Keep nurturing\">";
		String model = "<camunda:inputParameter name=\"scoringModel\">standard</camunda:inputParameter>";
		String salesReady = "<camunda:outputParameter name=\"salesReady\">${salesReady}</camunda:outputParameter>";
		Map<String, UnaryOperator<String>> variants = Map.of(
				"an asynchronous re-scoring step", xml -> xml.replace(rescore, "camunda:asyncBefore=\"true\" " + rescore),
				"a model chosen by expression", xml -> xml.replace(model,
						"<camunda:inputParameter name=\"scoringModel\">${scoringModelOfTrack}</camunda:inputParameter>"),
				"another output of the step", xml -> xml.replace(salesReady, salesReady
						+ "<camunda:outputParameter name=\"lastScore\">${score}</camunda:outputParameter>"),
				"a listener on \"Keep nurturing\"", xml -> xml.replace(keepNurturing, keepNurturing
						+ "<bpmn:extensionElements><camunda:executionListener event=\"start\" "
						+ "expression=\"${true}\" /></bpmn:extensionElements>"),
				"another delegate", xml -> xml.replace(rescore, "camunda:delegateExpression=\"${scoreSomehow}\""),
				"a \"no\" that ends elsewhere", xml -> xml.replace("${!salesReady}", "${!salesReady and false}"));
		variants.forEach((variant, change) -> assertThat(QuietRescoring.scoringModel(journey(change)))
				.as(variant).isEmpty());
	}

	@Test
	void aStepOnTheKeepNurturingPathRunsForEveryInteraction() {
		// Waiting for its confirmation, the lead's own journey does not listen for interactions yet.
		String leadId = leads.capture(new NewLead(uniqueEmail("noisy"), "Ada", "Lovelace", "Analytical Engines", 120,
				"CTO", "Software", null, "GB", "en", "webinar", true)).lead().getId();
		ProcessBuilder process = Bpmn.createExecutableProcess("noisy-journey").camundaHistoryTimeToLive(1);
		process.startEvent().userTask("Nurturing").endEvent();
		process.eventSubProcess("InteractionHandling").startEvent("InteractionRecordedStart").interrupting(false)
				.message(LeadJourney.MESSAGE_INTERACTION_RECORDED).serviceTask("RescoreLead")
				.camundaDelegateExpression("${rescoreLead}").camundaInputParameter("scoringModel", "standard")
				.camundaOutputParameter("salesReady", "${salesReady}").exclusiveGateway("SalesReadyGateway")
				.condition("yes", "${salesReady}").endEvent("SalesReadyEnd").moveToLastGateway()
				.condition("no", "${!salesReady}").userTask("LookAtIt").endEvent("StillNurturingEnd");
		BpmnModelInstance journey = process.done();
		Deployment deployment = engine.getRepositoryService().createDeployment()
				.addModelInstance("noisy-journey.bpmn", journey).deploy();
		try {
			ProcessInstance instance = engine.getRuntimeService().startProcessInstanceByKey("noisy-journey", leadId,
					Map.of(LeadJourney.LEAD_ID, leadId));

			scoring.record(leadId, new NewInteraction(InteractionType.PRICING_PAGE_VISITED, null, null, null, null));
			scoring.record(leadId, new NewInteraction(InteractionType.CONTENT_DOWNLOADED, null, null, null, null));

			assertThat(engine.getTaskService().createTaskQuery().processInstanceId(instance.getId())
					.taskDefinitionKey("LookAtIt").count()).as("the step on the \"no\" path, once per interaction")
					.isEqualTo(2);
			assertThat(scoring.ledger(leadId)).filteredOn(line -> line.cause() == ScoreLedgerEntry.Cause.INTERACTION)
					.extracting(ScoreLedgerEntry::decision).containsExactly("standard-engagement", "standard-engagement");
		}
		finally {
			engine.getRepositoryService().deleteDeployment(deployment.getId(), true);
		}
	}

	private static BpmnModelInstance journey(UnaryOperator<String> change) {
		try {
			String xml = Files.readString(Path.of("processes/lead-journey.bpmn"));
			String changed = change.apply(xml);
			return Bpmn.readModelFromStream(new ByteArrayInputStream(changed.getBytes(StandardCharsets.UTF_8)));
		}
		catch (IOException e) {
			throw new IllegalStateException(e);
		}
	}
}
