package io.nurture.journey;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.repository.Deployment;
import org.camunda.bpm.engine.repository.DeploymentBuilder;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.engine.repository.Resource;
import org.camunda.bpm.engine.runtime.ActivityInstance;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.EventBasedGateway;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.IntermediateCatchEvent;
import org.camunda.bpm.model.bpmn.instance.StartEvent;
import org.camunda.bpm.model.bpmn.instance.TimerEventDefinition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import com.fasterxml.jackson.databind.JsonNode;

import io.nurture.NurtureTest;
import io.nurture.consent.Consents;
import io.nurture.email.Outbox;
import io.nurture.email.OutboxMessage;
import io.nurture.lead.Leads;
import io.nurture.lead.NewLead;
import io.nurture.scoring.InteractionType;
import io.nurture.scoring.NewInteraction;
import io.nurture.scoring.Scoring;

/**
 * Changing lead-journey or a nurture track while leads run on it: a changed model deploys as a new version that new
 * leads start on, running leads stay on theirs until a marketer moves them with the migration API. The test finds
 * where leads wait (a timer, an event-based gateway) from the running processes, so it names no activity of a model.
 */
class JourneyMigrationTest extends NurtureTest {

	@Autowired
	Leads leads;
	@Autowired
	Consents consents;
	@Autowired
	Outbox outbox;
	@Autowired
	RepositoryService repository;
	@Autowired
	RuntimeService runtime;
	@Autowired
	ManagementService management;
	@Autowired
	Scoring scoring;

	private final List<String> testDeployments = new ArrayList<>();
	private ProcessDefinition current;

	@BeforeEach
	void currentVersion() {
		current = latest();
	}

	@AfterEach
	void removeTestVersions() {
		// The test's versions go, and with them every lead on them, so other tests find lead-journey as deployed.
		testDeployments.forEach(id -> repository.deleteDeployment(id, true));
	}

	@Test
	void aChangedResourceDeploysANewVersionThatOnlyNewLeadsStartOn() {
		String runningLead = confirmedLead();
		Deployment auto = repository.createDeploymentQuery().deploymentId(current.getDeploymentId()).singleResult();

		// What the engine does at start: the same resources under the same name, filtered for duplicates.
		redeploy(auto, null);
		assertThat(latest().getVersion()).as("unchanged resources deploy nothing").isEqualTo(current.getVersion());

		redeploy(auto, renamedGateway());
		ProcessDefinition changed = latest();
		assertThat(changed.getVersion()).isEqualTo(current.getVersion() + 1);

		String newLead = confirmedLead();
		assertThat(journey(newLead).getProcessDefinitionId()).isEqualTo(changed.getId());
		assertThat(journey(runningLead).getProcessDefinitionId()).isEqualTo(current.getId());
	}

	@Test
	void movesLeadsWaitingForTheOptInToTheNewVersion() {
		String expiringLead = requestedLead();
		String confirmingLead = requestedLead();
		String gateway = waitingAt(journey(expiringLead));
		assertThat(element(current, gateway)).isInstanceOf(EventBasedGateway.class);
		assertThat(waitingAt(journey(confirmingLead))).isEqualTo(gateway);
		Job timerJob = jobOf(journey(expiringLead));
		String timer = activityOf(timerJob);
		assertThat(element(current, timer).getChildElementsByType(TimerEventDefinition.class)).isNotEmpty();

		// Version 2 renames the gateway's id, so Camunda needs to be told where its leads continue.
		BpmnModelInstance changed = copyOf(current);
		changed.getModelElementById(gateway).setAttributeValue("id", gateway + "Renamed", true);
		ProcessDefinition next = deploy(changed);
		long waitingInGateway = waiting(current, gateway);

		JsonNode dryRun = migrate(current, "{\"fromVersion\": " + current.getVersion() + "}");
		assertThat(dryRun.get("dryRun").asBoolean()).isTrue();
		assertThat(dryRun.get("toVersion").asInt()).isEqualTo(next.getVersion());
		JsonNode source = dryRun.get("sources").get(0);
		assertThat(source.get("version").asInt()).isEqualTo(current.getVersion());
		assertThat(move(source, gateway).has("to")).as("no instruction for the renamed gateway").isFalse();
		assertThat(move(source, gateway).get("leads").asLong()).isEqualTo(waitingInGateway);
		for (String lead : List.of(expiringLead, confirmingLead)) {
			JsonNode refusal = refusalOf(source, lead);
			assertThat(refusal.get("activities").toString()).contains(gateway);
			assertThat(refusal.get("reasons").toString()).contains("There is no migration instruction for this instance's activity");
		}
		assertThat(source.get("movable").asInt()).isEqualTo(source.get("leads").asInt() - source.get("notMovable").size());
		assertThat(journey(expiringLead).getProcessDefinitionId()).as("a dry run moves nobody").isEqualTo(current.getId());

		String mapping = "\"mappings\": [{\"from\": \"" + gateway + "\", \"to\": \"" + gateway + "Renamed\"}]";
		JsonNode mapped = migrate(current, "{\"fromVersion\": " + current.getVersion() + ", " + mapping + "}");
		JsonNode mappedSource = mapped.get("sources").get(0);
		assertThat(move(mappedSource, gateway).get("to").asText()).isEqualTo(gateway + "Renamed");
		assertThat(refusalOf(mappedSource, expiringLead)).isNull();
		assertThat(refusalOf(mappedSource, confirmingLead)).isNull();
		assertThat(mapped.get("moved").asInt()).isZero();
		assertThat(journey(expiringLead).getProcessDefinitionId()).isEqualTo(current.getId());

		JsonNode done = migrate(current, "{\"fromVersion\": " + current.getVersion() + ", \"dryRun\": false, " + mapping + "}");
		assertThat(done.get("moved").asInt()).isEqualTo(done.get("movable").asInt()).isPositive();
		for (String lead : List.of(expiringLead, confirmingLead)) {
			assertThat(journey(lead).getProcessDefinitionId()).isEqualTo(next.getId());
			assertThat(waitingAt(journey(lead))).isEqualTo(gateway + "Renamed");
		}

		// The gateway's timer keeps its due date and still fires: the journey ends without nurture.
		Job migratedJob = jobOf(journey(expiringLead));
		assertThat(migratedJob.getDuedate()).isEqualTo(timerJob.getDuedate());
		String expiringJourney = journey(expiringLead).getId();
		management.executeJob(migratedJob.getId());
		assertThat(journey(expiringLead)).as("journey ended").isNull();
		assertThat(endedAt(expiringJourney)).contains("opt-in not confirmed");

		// The confirmation still reaches the gateway: nurture begins on the new version, in the chosen track.
		int confirmingLeadEmails = outbox.of(confirmingLead).size();
		consents.confirm(confirmingLead);
		assertThat(outbox.of(confirmingLead)).hasSize(confirmingLeadEmails + 1);
		assertThat(journey(confirmingLead).getProcessDefinitionId()).isEqualTo(next.getId());
		assertThat(track(confirmingLead)).isNotNull();
	}

	@Test
	void movesLeadsWaitingInANurtureTrackToItsNewVersion() {
		String timerLead = generalLead();
		String gatewayLead = generalLead();
		ProcessDefinition track = repository.getProcessDefinition(track(timerLead).getProcessDefinitionId());
		assertThat(track.getKey()).isEqualTo("nurture-track-general");
		String timer = waitingAt(track(timerLead));
		assertThat(element(track, timer)).isInstanceOf(IntermediateCatchEvent.class);
		assertThat(element(track, timer).getChildElementsByType(TimerEventDefinition.class)).isNotEmpty();
		Job timerJob = jobOf(track(timerLead));
		// The other lead is a step further: its timer fired, the next email went out, and the track waits for a click.
		management.executeJob(jobOf(track(gatewayLead)).getId());
		String gateway = waitingAt(track(gatewayLead));
		assertThat(element(track, gateway)).isInstanceOf(EventBasedGateway.class);

		// Version 2 of the track renames the timer's id.
		BpmnModelInstance changed = copyOf(track);
		changed.getModelElementById(timer).setAttributeValue("id", timer + "Renamed", true);
		ProcessDefinition next = deploy(changed, track.getResourceName());
		long waitingInTimer = waiting(track, timer);

		JsonNode dryRun = migrate(track, "{\"fromVersion\": " + track.getVersion() + "}");
		assertThat(dryRun.get("toVersion").asInt()).isEqualTo(next.getVersion());
		JsonNode source = dryRun.get("sources").get(0);
		assertThat(move(source, timer).has("to")).as("no instruction for the renamed timer").isFalse();
		assertThat(move(source, timer).get("leads").asLong()).isEqualTo(waitingInTimer);
		assertThat(refusalOf(source, timerLead).get("activities").toString()).contains(timer);
		assertThat(move(source, gateway).get("to").asText()).isEqualTo(gateway);
		assertThat(refusalOf(source, gatewayLead)).isNull();
		assertThat(track(gatewayLead).getProcessDefinitionId()).as("a dry run moves nobody").isEqualTo(track.getId());

		String mapping = "\"mappings\": [{\"from\": \"" + timer + "\", \"to\": \"" + timer + "Renamed\"}]";
		JsonNode done = migrate(track, "{\"fromVersion\": " + track.getVersion() + ", \"dryRun\": false, " + mapping + "}");
		assertThat(done.get("moved").asInt()).isEqualTo(done.get("movable").asInt()).isPositive();
		assertThat(track(timerLead).getProcessDefinitionId()).isEqualTo(next.getId());
		assertThat(track(gatewayLead).getProcessDefinitionId()).isEqualTo(next.getId());
		assertThat(waitingAt(track(timerLead))).isEqualTo(timer + "Renamed");
		assertThat(journey(timerLead).getProcessDefinitionId()).as("the journey calling the track stays")
				.isEqualTo(current.getId());

		// The timer keeps its due date and still fires: the next email, then the same wait for a click.
		Job migratedJob = jobOf(track(timerLead));
		assertThat(migratedJob.getDuedate()).isEqualTo(timerJob.getDuedate());
		int timerLeadEmails = outbox.of(timerLead).size();
		management.executeJob(migratedJob.getId());
		assertThat(outbox.of(timerLead)).hasSize(timerLeadEmails + 1);
		assertThat(waitingAt(track(timerLead))).isEqualTo(gateway);

		// A click reaches the migrated gateway and takes the faster branch: the case study at once.
		int gatewayLeadEmails = outbox.of(gatewayLead).size();
		scoring.record(gatewayLead, new NewInteraction(InteractionType.EMAIL_CLICKED, null, null, null, null));
		assertThat(outbox.of(gatewayLead)).hasSize(gatewayLeadEmails + 1);
		assertThat(outbox.of(gatewayLead).stream().map(OutboxMessage::template)).contains("case-study");
		assertThat(waitingAt(track(gatewayLead))).isNotEqualTo(gateway);
		assertThat(track(gatewayLead).getProcessDefinitionId()).isEqualTo(next.getId());
	}

	@Test
	void listsJourneysWithTheirVersionsAndLeads() {
		String lead = requestedLead();
		String gateway = waitingAt(journey(lead));

		JsonNode journeys = get("/api/journeys").getBody();
		JsonNode journey = null;
		for (JsonNode each : journeys) {
			if (each.get("key").asText().equals(current.getKey())) {
				journey = each;
			}
		}
		assertThat(journey).isNotNull();
		assertThat(journey.get("latestVersion").asInt()).isEqualTo(current.getVersion());
		assertThat(journey.get("leads").asLong()).isEqualTo(runtime.createProcessInstanceQuery()
				.processDefinitionKey(current.getKey()).count());

		JsonNode one = get("/api/journeys/" + current.getKey()).getBody();
		JsonNode version = one.get("versions").get(one.get("versions").size() - 1);
		assertThat(version.get("version").asInt()).isEqualTo(current.getVersion());
		JsonNode waitingInGateway = null;
		for (JsonNode waiting : version.get("waiting")) {
			if (waiting.get("activity").asText().equals(gateway)) {
				waitingInGateway = waiting;
			}
		}
		assertThat(waitingInGateway.get("leads").asLong()).isEqualTo(waiting(current, gateway)).isPositive();
		assertThat(waitingInGateway.get("name").asText()).isEqualTo(element(current, gateway).getAttributeValue("name"));
	}

	@Test
	void refusesBadRequestsWithProblems() {
		assertProblem(post("/api/journeys/no-such-journey/migrations", "{}"), HttpStatus.NOT_FOUND, "no-such-journey");
		assertProblem(get("/api/journeys/no-such-journey"), HttpStatus.NOT_FOUND, "no-such-journey");
		assertProblem(post("/api/journeys/" + current.getKey() + "/migrations", "{\"toVersion\": 999}"),
				HttpStatus.BAD_REQUEST, "toVersion");
		assertProblem(post("/api/journeys/" + current.getKey() + "/migrations", "{\"fromVersion\": 999}"),
				HttpStatus.BAD_REQUEST, "fromVersion");
		assertProblem(post("/api/journeys/" + current.getKey() + "/migrations",
				"{\"fromVersion\": " + current.getVersion() + "}"), HttpStatus.BAD_REQUEST, "fromVersion");
		assertProblem(post("/api/journeys/" + current.getKey() + "/migrations",
				"{\"mappings\": [{\"from\": \"NoSuchStep\", \"to\": \"NoSuchStep\"}]}"), HttpStatus.BAD_REQUEST,
				"mappings[0].to");
		assertProblem(post("/api/journeys/" + current.getKey() + "/migrations", "{\"mappings\": [{\"from\": \"\"}]}"),
				HttpStatus.BAD_REQUEST, "mappings[0]");

		ResponseEntity<JsonNode> sales = http.withBasicAuth(SALES_USER, PASSWORD).getForEntity("/api/journeys",
				JsonNode.class);
		assertThat(sales.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
	}

	@Test
	void refusesAMappingCamundaCannotMigrate() {
		String gateway = waitingAt(journey(requestedLead()));
		ProcessDefinition next = deploy(copyOf(current));
		String startEvent = repository.getBpmnModelInstance(next.getId()).getModelElementsByType(StartEvent.class)
				.iterator().next().getId();

		ResponseEntity<JsonNode> refused = post("/api/journeys/" + current.getKey() + "/migrations",
				"{\"mappings\": [{\"from\": \"" + gateway + "\", \"to\": \"" + startEvent + "\"}]}");

		assertProblem(refused, HttpStatus.BAD_REQUEST, gateway);
		assertThat(refused.getBody().get("failures")).isNotEmpty();
	}

	private void assertProblem(ResponseEntity<JsonNode> response, HttpStatus status, String mentioned) {
		assertThat(response.getStatusCode()).isEqualTo(status);
		assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(response.getBody().get("detail").asText()).contains(mentioned);
	}

	private JsonNode migrate(ProcessDefinition version, String json) {
		ResponseEntity<JsonNode> response = post("/api/journeys/" + version.getKey() + "/migrations", json);
		assertThat(response.getStatusCode()).as(response.toString()).isEqualTo(HttpStatus.OK);
		return response.getBody();
	}

	private static JsonNode move(JsonNode source, String from) {
		for (JsonNode move : source.get("activities")) {
			if (move.get("from").asText().equals(from)) {
				return move;
			}
		}
		throw new AssertionError("No move from " + from + " in " + source);
	}

	private static JsonNode refusalOf(JsonNode source, String lead) {
		for (JsonNode refusal : source.get("notMovable")) {
			if (refusal.get("lead").asText().equals(lead)) {
				return refusal;
			}
		}
		return null;
	}

	private String confirmedLead() {
		String leadId = requestedLead();
		consents.confirm(leadId);
		return leadId;
	}

	private String requestedLead() {
		return leads.capture(new NewLead(uniqueEmail("migrating"), "Ada", "Lovelace", "Analytical Engines", 120, "CTO",
				"Software", "+44 20 7946 0000", "GB", "en", "webinar", true)).lead().getId();
	}

	/** A confirmed lead the track decision gives the general track. */
	private String generalLead() {
		String leadId = leads.capture(new NewLead(uniqueEmail("migrating"), "Grace", "Hopper", "Compilers Ltd", 40,
				"Marketing Manager", "Retail", null, "US", "en", "webinar", true)).lead().getId();
		consents.confirm(leadId);
		return leadId;
	}

	private ProcessInstance journey(String leadId) {
		return runtime.createProcessInstanceQuery().processInstanceBusinessKey(leadId)
				.processDefinitionKey(current.getKey()).singleResult();
	}

	/** The nurture track the lead's journey runs. */
	private ProcessInstance track(String leadId) {
		return runtime.createProcessInstanceQuery().superProcessInstanceId(journey(leadId).getId()).singleResult();
	}

	private String endedAt(String processInstanceId) {
		return engine.getHistoryService().createHistoricActivityInstanceQuery().processInstanceId(processInstanceId)
				.activityType("noneEndEvent").singleResult().getActivityName();
	}

	private String activityOf(Job job) {
		return management.createJobDefinitionQuery().jobDefinitionId(job.getJobDefinitionId()).singleResult()
				.getActivityId();
	}

	/** The one activity the process instance waits in. */
	private String waitingAt(ProcessInstance process) {
		ActivityInstance instance = runtime.getActivityInstance(process.getId());
		while (instance.getChildActivityInstances().length > 0) {
			assertThat(instance.getChildActivityInstances()).hasSize(1);
			instance = instance.getChildActivityInstances()[0];
		}
		return instance.getActivityId();
	}

	private long waiting(ProcessDefinition version, String activity) {
		return management.createActivityStatisticsQuery(version.getId()).list().stream()
				.filter(statistics -> statistics.getId().equals(activity)).mapToLong(statistics -> statistics.getInstances())
				.sum();
	}

	private Job jobOf(ProcessInstance process) {
		return management.createJobQuery().processInstanceId(process.getId()).singleResult();
	}

	private FlowNode element(ProcessDefinition version, String id) {
		return repository.getBpmnModelInstance(version.getId()).getModelElementById(id);
	}

	private ProcessDefinition latest() {
		return repository.createProcessDefinitionQuery().processDefinitionKey(LeadJourney.PROCESS_KEY).latestVersion()
				.singleResult();
	}

	private BpmnModelInstance renamedGateway() {
		BpmnModelInstance model = copyOf(current);
		model.getModelElementsByType(EventBasedGateway.class).iterator().next().setName("Wait for the confirmation click");
		return model;
	}

	/** The engine caches the models it hands out; a test changes a copy. */
	private BpmnModelInstance copyOf(ProcessDefinition version) {
		return Bpmn.readModelFromStream(repository.getProcessModel(version.getId()));
	}

	private ProcessDefinition deploy(BpmnModelInstance model) {
		return deploy(model, current.getResourceName());
	}

	private ProcessDefinition deploy(BpmnModelInstance model, String resourceName) {
		Deployment deployment = repository.createDeployment().name("migration-test")
				.addModelInstance(resourceName, model).deploy();
		testDeployments.add(deployment.getId());
		return repository.createProcessDefinitionQuery().deploymentId(deployment.getId()).singleResult();
	}

	/** Deploys the resources of the automatic deployment again as the engine does at start, lead-journey replaced if given. */
	private void redeploy(Deployment auto, BpmnModelInstance changedJourney) {
		DeploymentBuilder builder = repository.createDeployment().name(auto.getName()).enableDuplicateFiltering(false);
		for (Resource resource : repository.getDeploymentResources(auto.getId())) {
			if (changedJourney != null && resource.getName().equals(current.getResourceName())) {
				ByteArrayOutputStream xml = new ByteArrayOutputStream();
				Bpmn.writeModelToStream(xml, changedJourney);
				builder.addString(resource.getName(), xml.toString(java.nio.charset.StandardCharsets.UTF_8));
			}
			else {
				builder.addInputStream(resource.getName(), repository.getResourceAsStreamById(auto.getId(), resource.getId()));
			}
		}
		Deployment deployment = builder.deploy();
		if (!deployment.getId().equals(auto.getId())) {
			testDeployments.add(deployment.getId());
		}
	}
}
