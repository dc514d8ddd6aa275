package io.nurture.operations;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import io.nurture.NurtureTest;

/** Log lines about a lead name it and its journey, whether written in a journey step or in an API request. */
@ExtendWith(OutputCaptureExtension.class)
class LeadLogContextTest extends NurtureTest {

	private final LoggingSystem logging = LoggingSystem.get(getClass().getClassLoader());

	@BeforeEach
	void debugLogs() {
		logging.setLogLevel("io.nurture", LogLevel.DEBUG);
	}

	@AfterEach
	void usualLogs() {
		logging.setLogLevel("io.nurture", null);
	}

	@Test
	void linesWrittenInAJourneyStepCarryTheLeadAndTheProcessInstance(CapturedOutput output) {
		String leadId = capture(true);
		String journey = engine.getRuntimeService().createProcessInstanceQuery().processInstanceBusinessKey(leadId)
				.processDefinitionKey("lead-journey").singleResult().getId();

		List<String> queued = lines(output, "Email confirm-subscription (OPT_IN) queued for lead " + leadId);
		assertThat(queued).singleElement().asString().contains("[lead=" + leadId + " pi=" + journey + "]");
	}

	@Test
	void linesWrittenForARequestAboutALeadCarryTheLead(CapturedOutput output) {
		// Without consent the journey has ended: the interaction is scored outside any journey.
		String leadId = capture(false);
		post("/api/leads/" + leadId + "/interactions", """
				{"type":"PAGE_VISITED","url":"https://northwind.example/pricing"}""");

		assertThat(lines(output, "No journey of lead " + leadId + " listens")).singleElement().asString()
				.contains("[lead=" + leadId + " pi=]");
	}

	private String capture(boolean consent) {
		return post("/api/leads", """
				{"email":"%s","firstName":"Ada","source":"webinar","consent":%s}""".formatted(uniqueEmail("logs"), consent))
				.getBody().get("id").asText();
	}

	private static List<String> lines(CapturedOutput output, String text) {
		return Arrays.stream(output.getOut().split("\\R")).filter(line -> line.contains(text)).toList();
	}
}
