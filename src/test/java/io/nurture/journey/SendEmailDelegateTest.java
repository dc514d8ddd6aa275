package io.nurture.journey;

import static io.nurture.email.EmailCategory.MARKETING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.camunda.bpm.engine.repository.Deployment;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.nurture.NurtureTest;
import io.nurture.consent.Consents;
import io.nurture.email.Outbox;
import io.nurture.email.OutboxMessage;
import io.nurture.lead.Leads;
import io.nurture.lead.NewLead;

/** The "Send email" step with its optional inputs, as a journey in Camunda runs it. */
class SendEmailDelegateTest extends NurtureTest {

	@Autowired
	Leads leads;
	@Autowired
	Consents consents;
	@Autowired
	Outbox outbox;

	private Deployment deployment;

	@AfterEach
	void undeploy() {
		if (deployment != null) {
			engine.getRepositoryService().deleteDeployment(deployment.getId(), true);
		}
	}

	@Test
	void aStepMayOverrideTheSubjectWithTheLeadsDataAndPickASendWindow() {
		String leadId = confirmedLead();
		deploy("[=lead.firstName], one idea for [=lead.company!\"your team\"]", "any-time");

		engine.getRuntimeService().startProcessInstanceByKey("send-email-test", Map.of(LeadJourney.LEAD_ID, leadId));

		OutboxMessage queued = outbox.of(leadId).stream().filter(message -> message.template().equals("follow-up"))
				.findFirst().orElseThrow();
		assertThat(queued.subject()).isEqualTo("Sina, one idea for Step AG");
		assertThat(queued.sendWindow()).isEqualTo("any-time");
		assertThat(queued.category()).isEqualTo(MARKETING);
	}

	@Test
	void aStepNamingAnUnknownSendWindowFailsAndQueuesNothing() {
		String leadId = confirmedLead();
		deploy(null, "weekends-only");

		assertThatThrownBy(() -> engine.getRuntimeService().startProcessInstanceByKey("send-email-test",
				Map.of(LeadJourney.LEAD_ID, leadId))).hasMessageContaining("Send window 'weekends-only' is not defined");
		assertThat(outbox.of(leadId)).noneMatch(message -> message.template().equals("follow-up"));
	}

	private String confirmedLead() {
		String leadId = leads.capture(new NewLead(uniqueEmail("step"), "Sina", "Step", "Step AG", null, null, null, null,
				"DE", "en", "webinar", true)).lead().getId();
		consents.confirm(leadId);
		return leadId;
	}

	private void deploy(String subject, String sendWindow) {
		var task = Bpmn.createExecutableProcess("send-email-test").name("Send email test").startEvent("started")
				.serviceTask("send").name("Send follow-up").camundaDelegateExpression("${sendEmail}")
				.camundaInputParameter("template", "follow-up").camundaInputParameter("category", "MARKETING")
				.camundaInputParameter("sendWindow", sendWindow);
		if (subject != null) {
			task = task.camundaInputParameter("subject", subject);
		}
		BpmnModelInstance model = task.endEvent("sent").done();
		deployment = engine.getRepositoryService().createDeployment().addModelInstance("send-email-test.bpmn", model)
				.deploy();
	}
}
