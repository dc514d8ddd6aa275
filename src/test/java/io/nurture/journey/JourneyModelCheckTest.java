package io.nurture.journey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.junit.jupiter.api.Test;

import io.nurture.NurtureTest;

/** A model naming a bean or an email template that does not exist is refused when it is deployed, naming both. */
class JourneyModelCheckTest extends NurtureTest {

	@Test
	void aModelNamingAMissingTemplateAndAMissingBeanIsRefusedNamingTheElementsAndWhatIsMissing() {
		BpmnModelInstance model = Bpmn.createExecutableProcess("broken-track").name("Broken track")
				.camundaHistoryTimeToLive(1)
				.startEvent()
				.serviceTask("SendSpringOffer").name("Send spring offer").camundaDelegateExpression("${sendEmail}")
				.camundaInputParameter("template", "spring-offer").camundaInputParameter("category", "MARKETING")
				.serviceTask("AskTheOracle").name("Ask the oracle").camundaDelegateExpression("${oracle}")
				.endEvent().done();

		assertThatThrownBy(() -> engine.getRepositoryService().createDeployment()
				.addModelInstance("broken-track.bpmn", model).deploy())
				.isInstanceOf(ProcessEngineException.class)
				.hasMessageContaining("'Send spring offer' (SendSpringOffer) sends the email template 'spring-offer', "
						+ "which does not exist in templates/")
				.hasMessageContaining("'Ask the oracle' (AskTheOracle) calls the bean 'oracle', which does not exist");
		assertThat(engine.getRepositoryService().createProcessDefinitionQuery().processDefinitionKey("broken-track")
				.count()).isZero();
	}

	@Test
	void aModelWhoseBeansAndTemplatesExistIsDeployed() {
		BpmnModelInstance model = Bpmn.createExecutableProcess("sound-track").camundaHistoryTimeToLive(1)
				.startEvent()
				.serviceTask("SendWelcome").name("Send welcome").camundaDelegateExpression("${sendEmail}")
				.camundaInputParameter("template", "welcome").camundaInputParameter("category", "MARKETING")
				.endEvent().done();

		String deployment = engine.getRepositoryService().createDeployment()
				.addModelInstance("sound-track.bpmn", model).deploy().getId();
		try {
			assertThat(engine.getRepositoryService().createProcessDefinitionQuery().processDefinitionKey("sound-track")
					.count()).isEqualTo(1);
		}
		finally {
			engine.getRepositoryService().deleteDeployment(deployment, true);
		}
	}
}
