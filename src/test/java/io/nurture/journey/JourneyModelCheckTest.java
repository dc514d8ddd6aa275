package io.nurture.journey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

import io.nurture.NurtureTest;

/**
 * A model naming a bean or an email template that does not exist is refused when it is deployed, at start, through
 * the engine or from Modeler over REST, naming the step and what is missing.
 */
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
	void aDeploymentFromModelerThatNamesAMissingTemplateIsA400NamingTheStep() {
		BpmnModelInstance model = Bpmn.createExecutableProcess("typo-track").camundaHistoryTimeToLive(1)
				.startEvent()
				.serviceTask("SendWelcome").name("Send welcome").camundaDelegateExpression("${sendEmail}")
				.camundaInputParameter("template", "welcom").camundaInputParameter("category", "MARKETING")
				.endEvent().done();
		MultiValueMap<String, Object> form = new LinkedMultiValueMap<>();
		form.add("deployment-name", "typo-track");
		form.add("typo-track.bpmn", new ByteArrayResource(Bpmn.convertToString(model).getBytes(StandardCharsets.UTF_8)) {
			@Override
			public String getFilename() {
				return "typo-track.bpmn";
			}
		});
		HttpHeaders headers = new HttpHeaders();
		headers.setContentType(MediaType.MULTIPART_FORM_DATA);

		// As Camunda Modeler deploys: a multipart POST to the engine's REST API.
		ResponseEntity<String> response = http.withBasicAuth(MARKETING_USER, PASSWORD)
				.postForEntity("/engine-rest/deployment/create", new HttpEntity<>(form, headers), String.class);

		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(response.getBody()).contains("typo-track.bpmn").contains("'Send welcome' (SendWelcome)")
				.contains("'welcom', which does not exist in templates/");
		assertThat(engine.getRepositoryService().createProcessDefinitionQuery().processDefinitionKey("typo-track")
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
