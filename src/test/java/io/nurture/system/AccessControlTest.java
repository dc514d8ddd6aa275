package io.nurture.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

import com.fasterxml.jackson.databind.JsonNode;

import io.nurture.NurtureTest;
import io.nurture.consent.ConsentMethod;
import io.nurture.consent.Consents;
import io.nurture.lead.Leads;
import io.nurture.lead.NewLead;
import io.nurture.lead.Stage;
import io.nurture.scoring.InteractionType;
import io.nurture.scoring.NewInteraction;
import io.nurture.scoring.Scoring;

/**
 * Who sees and does what, through the project API and the engine REST API, with Camunda's authorization checks on:
 * sales reads the leads of its own tasks and nothing else, marketing manages leads and reads the engine but works no
 * sales task, a service account posts without reading, and a user in no group is refused everywhere.
 */
class AccessControlTest extends NurtureTest {

	private static final String OTHER_TEAM = "dora";
	private static final String NO_GROUP = "nobody";
	private static final String SERVICE = "website";

	@Autowired
	Leads leads;
	@Autowired
	Consents consents;
	@Autowired
	Scoring scoring;

	@BeforeEach
	void users() {
		createUser(engine.getIdentityService(), OTHER_TEAM, null, "sales-dach");
		createUser(engine.getIdentityService(), NO_GROUP, null);
		createUser(engine.getIdentityService(), SERVICE, null, "integration");
	}

	@Test
	void salesReadsTheLeadsOfItsOwnTasksOnly() {
		String inTask = salesReadyLead();
		String notInTask = lead();

		for (String part : List.of("", "/score", "/history", "/consent")) {
			assertThat(as(SALES_USER).getForEntity("/api/leads/" + inTask + part, JsonNode.class).getStatusCode())
					.as("sales reads GET /api/leads/{id}%s of a lead in its group's task", part).isEqualTo(HttpStatus.OK);
			assertForbidden(as(SALES_USER).getForEntity("/api/leads/" + notInTask + part, JsonNode.class));
			assertForbidden(as(OTHER_TEAM).getForEntity("/api/leads/" + inTask + part, JsonNode.class));
		}
		assertForbidden(as(SALES_USER).getForEntity("/api/leads/" + inTask + "/emails", JsonNode.class));
		assertForbidden(as(SALES_USER).postForEntity("/api/leads/" + inTask + "/interactions",
				json("{\"type\":\"DEMO_REQUESTED\"}"), JsonNode.class));
		assertForbidden(as(SALES_USER).postForEntity("/api/leads", json(captureBody()), JsonNode.class));
		assertThat(get("/api/leads/" + notInTask).getStatusCode()).as("marketing reads any lead").isEqualTo(HttpStatus.OK);
	}

	@Test
	void anotherTeamNeitherSeesNorWorksTheTask() {
		Task review = reviewTask(salesReadyLead());

		JsonNode visible = as(OTHER_TEAM).getForObject("/engine-rest/task?processInstanceId="
				+ review.getProcessInstanceId(), JsonNode.class);
		assertThat(visible).isEmpty();
		assertThat(as(OTHER_TEAM).getForEntity("/engine-rest/task/" + review.getId(), String.class).getStatusCode()
				.is2xxSuccessful()).as("another team reading the task").isFalse();
		assertThat(as(OTHER_TEAM).getForEntity("/engine-rest/task/" + review.getId() + "/form-variables", String.class)
				.getStatusCode().is2xxSuccessful()).as("another team reading the lead summary of the form").isFalse();
		assertThat(as(OTHER_TEAM).postForEntity("/engine-rest/task/" + review.getId() + "/claim",
				json("{\"userId\":\"" + OTHER_TEAM + "\"}"), String.class).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
		assertThat(as(SALES_USER).getForObject("/engine-rest/task/" + review.getId(), JsonNode.class).get("id").asText())
				.as("the team the task waits for sees it").isEqualTo(review.getId());
		assertThat(openTask(review)).isTrue();
	}

	@Test
	void salesNeitherStartsNorDeletesProcessInstances() {
		Task review = reviewTask(salesReadyLead());

		assertThat(as(SALES_USER).postForEntity("/engine-rest/process-definition/key/lead-journey/start",
				json("{\"businessKey\":\"forged\"}"), String.class).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
		assertThat(as(SALES_USER).exchange("/engine-rest/process-instance/" + review.getProcessInstanceId(),
				HttpMethod.DELETE, null, String.class).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
		assertThat(as(SALES_USER).getForObject("/engine-rest/process-instance?processInstanceIds="
				+ review.getProcessInstanceId(), JsonNode.class)).as("process instances sales can list").isEmpty();
		assertThat(engine.getRuntimeService().createProcessInstanceQuery()
				.processInstanceId(review.getProcessInstanceId()).count()).isEqualTo(1);
	}

	@Test
	void marketingReadsTheEngineButWorksNoSalesTask() {
		Task review = reviewTask(salesReadyLead());

		assertThat(as(MARKETING_USER).getForObject("/engine-rest/process-instance?processInstanceIds="
				+ review.getProcessInstanceId(), JsonNode.class)).as("Cockpit's view of the instance").hasSize(1);
		assertThat(as(MARKETING_USER).postForEntity("/engine-rest/task/" + review.getId() + "/complete",
				json("{\"variables\":{\"decision\":{\"value\":\"accept\"}}}"), String.class).getStatusCode())
				.isEqualTo(HttpStatus.FORBIDDEN);
		assertThat(as(MARKETING_USER).exchange("/engine-rest/process-instance/" + review.getProcessInstanceId(),
				HttpMethod.DELETE, null, String.class).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
		assertThat(openTask(review)).isTrue();
		assertThat(leads.require(leadOf(review)).getStage())
				.isEqualTo(Stage.MQL);
	}

	@Test
	void aServiceAccountPostsButReadsNothing() {
		String body = captureBody();
		ResponseEntity<JsonNode> captured = as(SERVICE).postForEntity("/api/leads", json(body), JsonNode.class);
		assertThat(captured.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
		String id = captured.getBody().get("id").asText();
		assertThat(captured.getBody().size()).as("fields of the answer: the id only").isEqualTo(1);
		ResponseEntity<JsonNode> again = as(SERVICE).postForEntity("/api/leads", json(body), JsonNode.class);
		assertThat(again.getStatusCode()).as("a known address looks like a new one").isEqualTo(HttpStatus.ACCEPTED);
		assertThat(again.getBody()).isEqualTo(captured.getBody());
		assertThat(as(SERVICE).postForEntity("/api/leads/" + id + "/interactions",
				json("{\"type\":\"PRICING_PAGE_VISITED\"}"), JsonNode.class).getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);

		assertForbidden(as(SERVICE).getForEntity("/api/leads/" + id, JsonNode.class));
		assertForbidden(as(SERVICE).getForEntity("/api/leads/" + id + "/export", JsonNode.class));
		assertForbidden(as(SERVICE).getForEntity("/api/journeys", JsonNode.class));
	}

	@Test
	void aUserInNoGroupIsRefusedEverywhere() {
		String id = lead();
		List<ResponseEntity<JsonNode>> answers = List.of(
				as(NO_GROUP).getForEntity("/api/leads/" + id, JsonNode.class),
				as(NO_GROUP).getForEntity("/api/leads/" + id + "/score", JsonNode.class),
				as(NO_GROUP).getForEntity("/api/leads/" + id + "/history", JsonNode.class),
				as(NO_GROUP).getForEntity("/api/leads/" + id + "/consent", JsonNode.class),
				as(NO_GROUP).getForEntity("/api/leads/" + id + "/emails", JsonNode.class),
				as(NO_GROUP).getForEntity("/api/leads/" + id + "/export", JsonNode.class),
				as(NO_GROUP).exchange("/api/leads/" + id, HttpMethod.DELETE, null, JsonNode.class),
				as(NO_GROUP).postForEntity("/api/leads", json(captureBody()), JsonNode.class),
				as(NO_GROUP).postForEntity("/api/leads/" + id + "/interactions", json("{\"type\":\"DEMO_REQUESTED\"}"), JsonNode.class),
				as(NO_GROUP).postForEntity("/api/leads/" + id + "/stage", json("{\"stage\":\"CUSTOMER\",\"cause\":\"x\"}"), JsonNode.class),
				as(NO_GROUP).postForEntity("/api/email/bounces", json("{\"email\":\"a@example.com\",\"type\":\"HARD_BOUNCE\"}"), JsonNode.class),
				as(NO_GROUP).getForEntity("/api/journeys", JsonNode.class),
				as(NO_GROUP).getForEntity("/api/journeys/lead-journey", JsonNode.class),
				as(NO_GROUP).postForEntity("/api/journeys/lead-journey/migrations", json("{}"), JsonNode.class),
				as(NO_GROUP).postForEntity("/api/journeys/lead-journey/simulations", json("{}"), JsonNode.class),
				as(NO_GROUP).getForEntity("/api/templates", JsonNode.class),
				as(NO_GROUP).postForEntity("/api/templates/welcome/preview", json("{}"), JsonNode.class),
				as(NO_GROUP).getForEntity("/api/reports/handover", JsonNode.class),
				as(NO_GROUP).getForEntity("/engine-rest/task", JsonNode.class),
				as(NO_GROUP).getForEntity("/engine-rest/process-definition", JsonNode.class),
				as(NO_GROUP).getForEntity("/engine-rest/user/" + NO_GROUP + "/profile", JsonNode.class));
		assertThat(answers).allSatisfy(this::assertForbidden);
		assertThat(leads.require(id).getStage()).isEqualTo(Stage.LEAD);
	}

	/**
	 * A browser that has cached a marketer's Basic credentials sends them along with a form another site submits:
	 * such requests name that site as their Origin and are refused before they reach the API or the engine.
	 */
	@Test
	void aPageOfAnotherSiteCannotUseABrowsersCachedCredentials() {
		String email = uniqueEmail("forged");
		HttpHeaders crossSite = new HttpHeaders();
		crossSite.setContentType(MediaType.APPLICATION_JSON);
		crossSite.setOrigin("https://evil.example");

		assertForbidden(as(MARKETING_USER).postForEntity("/api/leads", new HttpEntity<>(
				"{\"email\":\"" + email + "\",\"source\":\"webinar\",\"consent\":true}", crossSite), JsonNode.class));
		assertThat(leads.findByEmail(email)).isEmpty();
		assertForbidden(as(MARKETING_USER).postForEntity("/engine-rest/process-definition/key/lead-journey/start",
				new HttpEntity<>("{}", crossSite), JsonNode.class));

		HttpHeaders ownPage = new HttpHeaders();
		ownPage.setContentType(MediaType.APPLICATION_JSON);
		ownPage.setOrigin(http.getRootUri());
		assertThat(as(MARKETING_USER).postForEntity("/api/leads", new HttpEntity<>(
				"{\"email\":\"" + email + "\",\"source\":\"webinar\",\"consent\":true}", ownPage), JsonNode.class)
				.getStatusCode()).as("a page of this server").isEqualTo(HttpStatus.CREATED);
	}

	/**
	 * Camunda Modeler (5.x) deploys from its desktop window, a file:// page, with the browser's fetch: a multipart POST
	 * with HTTP Basic credentials and {@code Origin: file://} (Camunda's docs: to deploy from Modeler with
	 * authentication, allow the origin file://). Other clients send no Origin. A local file opened in a browser, and a
	 * sandboxed frame, send {@code null}: refused like any page of another site.
	 */
	@Test
	void modelerDeploysWithItsDesktopOriginAndClientsWithoutOne() {
		for (String origin : new String[] { "file://", null }) {
			String key = "modeler-" + (origin == null ? "no-origin" : "file-origin");
			ResponseEntity<JsonNode> deployed = deployAsModeler(key, origin);
			try {
				assertThat(deployed.getStatusCode()).as("deployed with Origin %s", origin).isEqualTo(HttpStatus.OK);
				assertThat(engine.getRepositoryService().createProcessDefinitionQuery().processDefinitionKey(key).count())
						.isEqualTo(1);
			}
			finally {
				if (deployed.getStatusCode() == HttpStatus.OK) {
					engine.getRepositoryService().deleteDeployment(deployed.getBody().get("id").asText(), true);
				}
			}
		}

		assertForbidden(deployAsModeler("modeler-null-origin", "null"));
		assertThat(engine.getRepositoryService().createProcessDefinitionQuery().processDefinitionKey("modeler-null-origin")
				.count()).isZero();
	}

	/** POST /engine-rest/deployment/create as Modeler's deployment tool sends it, with this Origin header or none. */
	private ResponseEntity<JsonNode> deployAsModeler(String processKey, String origin) {
		String bpmn = Bpmn.convertToString(Bpmn.createExecutableProcess(processKey).camundaHistoryTimeToLive(1)
				.startEvent().endEvent().done());
		HttpHeaders xml = new HttpHeaders();
		xml.setContentType(MediaType.TEXT_XML);
		xml.setContentDispositionFormData(processKey + ".bpmn", processKey + ".bpmn");
		MultiValueMap<String, Object> form = new LinkedMultiValueMap<>();
		form.add("deployment-name", processKey);
		form.add("deployment-source", "Camunda Modeler");
		form.add("deploy-changed-only", "true");
		form.add(processKey + ".bpmn", new HttpEntity<>(bpmn.getBytes(StandardCharsets.UTF_8), xml));
		HttpHeaders headers = new HttpHeaders();
		headers.setContentType(MediaType.MULTIPART_FORM_DATA);
		headers.setAccept(List.of(MediaType.APPLICATION_JSON));
		if (origin != null) {
			headers.setOrigin(origin);
		}
		return as(MARKETING_USER).postForEntity("/engine-rest/deployment/create", new HttpEntity<>(form, headers),
				JsonNode.class);
	}

	private void assertForbidden(ResponseEntity<JsonNode> answer) {
		assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
		assertThat(answer.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
	}

	private boolean openTask(Task review) {
		return engine.getTaskService().createTaskQuery().taskId(review.getId()).count() == 1;
	}

	private String leadOf(Task review) {
		return engine.getRuntimeService().createProcessInstanceQuery().processInstanceId(review.getProcessInstanceId())
				.singleResult().getBusinessKey();
	}

	private Task reviewTask(String leadId) {
		return engine.getTaskService().createTaskQuery().processInstanceBusinessKey(leadId).singleResult();
	}

	/** A lead no rule of the routing table matches (US, software): it waits for the group sales. */
	private String salesReadyLead() {
		String leadId = lead();
		consents.confirm(leadId);
		scoring.record(leadId, new NewInteraction(InteractionType.DEMO_REQUESTED, null, null, null, null));
		scoring.record(leadId, new NewInteraction(InteractionType.DEMO_REQUESTED, null, null, null, null));
		assertThat(leads.require(leadId).getStage()).isEqualTo(Stage.MQL);
		return leadId;
	}

	private String lead() {
		return leads.capture(new NewLead(uniqueEmail("access"), "Ada", "Lovelace", "Analytical Engines", 120, "CTO",
				"Software", "+1 555 0100", "US", "en", "webinar", true, null, ConsentMethod.FORM, null)).lead().getId();
	}

	private static String captureBody() {
		return "{\"email\":\"" + uniqueEmail("service") + "\",\"source\":\"newsletter\",\"consent\":true}";
	}

	private TestRestTemplate as(String user) {
		return http.withBasicAuth(user, PASSWORD);
	}

	private static HttpEntity<String> json(String body) {
		HttpHeaders headers = new HttpHeaders();
		headers.setContentType(MediaType.APPLICATION_JSON);
		return new HttpEntity<>(body, headers);
	}
}
