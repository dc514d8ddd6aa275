package io.nurture.sales;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.withVariables;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import io.nurture.NurtureTest;
import io.nurture.consent.Consents;
import io.nurture.lead.Leads;
import io.nurture.lead.NewLead;
import io.nurture.lead.Stage;
import io.nurture.scoring.InteractionType;
import io.nurture.scoring.NewInteraction;
import io.nurture.scoring.Scoring;

/**
 * A qualified lead reaches a real HTTP CRM that is down at first: the handover waits in the queue with its attempts
 * and the error visible in the report; once the CRM is up (and fails once more) it arrives signed, with the same
 * idempotency key on every attempt, and the lead becomes an Opportunity.
 */
class CrmWebhookTest extends NurtureTest {

	private static final Duration PATIENCE = Duration.ofSeconds(20);

	@Autowired
	Leads leads;
	@Autowired
	Consents consents;
	@Autowired
	Scoring scoring;
	@Autowired
	CrmHandoverRepository queue;
	@Autowired
	ObjectMapper json;

	private HttpServer crm;

	@AfterEach
	void stopCrm() {
		engine.getIdentityService().clearAuthentication();
		if (crm != null) {
			crm.stop(0);
		}
	}

	@Test
	void shouldDeliverTheOpportunitySignedOnceTheCrmIsUp() throws Exception {
		createUser(engine.getIdentityService(), "mia", "mia@sales.example", "sales-managers");
		String leadId = qualifiedLead();
		CrmHandover handover = queue.findByLeadId(leadId).get(0);

		await("the CRM to be tried while it is down", () -> queue.findById(handover.id()).orElseThrow().attempts() >= 2);
		CrmHandover waiting = queue.findById(handover.id()).orElseThrow();
		assertThat(waiting.status()).isEqualTo(CrmHandover.Status.PENDING);
		assertThat(waiting.lastError()).contains("CRM not reachable");
		assertThat(leads.require(leadId).getStage()).isEqualTo(Stage.SQL);
		JsonNode report = http.withBasicAuth("mia", PASSWORD).getForObject("/api/reports/handover", JsonNode.class);
		assertThat(report.get("crm").get("waiting").findValuesAsText("handoverId")).contains(handover.id());

		List<Received> received = new CopyOnWriteArrayList<>();
		AtomicInteger calls = new AtomicInteger();
		crm = HttpServer.create(new InetSocketAddress("127.0.0.1", CRM_PORT), 0);
		crm.createContext("/opportunities", exchange -> {
			byte[] body = exchange.getRequestBody().readAllBytes();
			received.add(new Received(exchange.getRequestHeaders().getFirst("Idempotency-Key"),
					exchange.getRequestHeaders().getFirst("X-Nurture-Signature"), new String(body, StandardCharsets.UTF_8)));
			// The first call for this lead meets a CRM that is still starting: it must be retried, not lost. (Other
			// tests' handovers may be waiting for the CRM too; they are simply taken.)
			boolean thisLead = new String(body, StandardCharsets.UTF_8).contains(leadId);
			int status = thisLead && calls.incrementAndGet() == 1 ? 503 : 201;
			exchange.sendResponseHeaders(status, -1);
			exchange.close();
		});
		crm.start();

		await("the CRM to take the handover", () -> queue.findById(handover.id()).orElseThrow()
				.status() == CrmHandover.Status.DELIVERED);
		List<Received> forThisLead = received.stream().filter(r -> r.body().contains(leadId)).toList();
		assertThat(forThisLead).hasSizeGreaterThanOrEqualTo(2);
		for (Received request : forThisLead) {
			assertThat(request.idempotencyKey()).isEqualTo(handover.id());
			assertThat(request.signature()).isEqualTo("sha256=" + hmac("test-crm-secret", request.body()));
		}
		JsonNode opportunity = json.readTree(forThisLead.get(0).body());
		assertThat(opportunity.get("contact").get("lastName").asText()).isEqualTo("Hopper");
		assertThat(opportunity.get("expectedTimeline").asText()).isEqualTo("3-6M");
		assertThat(opportunity.get("sources").get(0).asText()).isEqualTo("webinar");
		assertThat(leads.require(leadId).getStage()).isEqualTo(Stage.OPPORTUNITY);
		assertThat(leads.history(leadId)).last()
				.satisfies(change -> assertThat(change.cause()).contains("CRM", handover.id()));
	}

	private String qualifiedLead() {
		String leadId = leads.capture(new NewLead(uniqueEmail("crm"), "Grace", "Hopper", "Cobol Systems", 400, "CTO",
				"Software", "+1 555 0100", "US", "en", "webinar", true)).lead().getId();
		consents.confirm(leadId);
		scoring.record(leadId, new NewInteraction(InteractionType.DEMO_REQUESTED, null, null, null, null));
		scoring.record(leadId, new NewInteraction(InteractionType.DEMO_REQUESTED, null, null, null, null));
		ProcessInstance handover = engine.getRuntimeService().createProcessInstanceQuery()
				.processInstanceBusinessKey(leadId).processDefinitionKey(SalesHandover.PROCESS_KEY).singleResult();
		completeAsSales(task(handover), withVariables("decision", "accept"));
		completeAsSales(task(handover), withVariables("qualification", "qualified", "budgetConfirmed", true,
				"realisticChance", true, "expectedTimeline", "3-6M"));
		execute(job(handover));
		return leadId;
	}

	private static String hmac(String secret, String body) throws Exception {
		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
		return java.util.HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
	}

	private static void await(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
		long deadline = System.nanoTime() + PATIENCE.toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				throw new AssertionError("Waited " + PATIENCE + " for " + what);
			}
			Thread.sleep(100);
		}
	}

	record Received(String idempotencyKey, String signature, String body) {
	}

	/** Completes the task as the sales user would in Tasklist; Camunda checks her authorizations on the task. */
	private void completeAsSales(Task task, java.util.Map<String, Object> variables) {
		actingAs(SALES_USER, List.of("sales"), () -> complete(task, variables));
	}
}
