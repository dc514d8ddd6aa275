package io.nurture.operations;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.logging.logback.StructuredLogEncoder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;

import io.nurture.NurtureTest;

/** Log lines about a lead name it and its journey, whether written in a journey step or in an API request. */
@ExtendWith(OutputCaptureExtension.class)
class LeadLogContextTest extends NurtureTest {

	private static final String FIRST_NAME = "Philippa";

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

	/**
	 * The JSON logs: with {@code LOGGING_STRUCTURED_FORMAT_CONSOLE=ecs} Spring Boot's console appender writes every
	 * line with its {@link StructuredLogEncoder} in the ECS format. The same encoder, on an appender of its own, writes
	 * a line the engine logs in a journey step: one JSON object, the lead and the journey fields of their own, nothing
	 * of the person.
	 */
	@Test
	void inTheJsonLogsALineAboutALeadCarriesTheLeadAndTheJourneyAsFields() throws Exception {
		LoggerContext logback = (LoggerContext) LoggerFactory.getILoggerFactory();
		StructuredLogEncoder ecs = new StructuredLogEncoder();
		ecs.setContext(logback);
		ecs.setFormat("ecs");
		ecs.start();
		ByteArrayOutputStream written = new ByteArrayOutputStream();
		OutputStreamAppender<ILoggingEvent> json = new OutputStreamAppender<>();
		json.setContext(logback);
		json.setEncoder(ecs);
		json.setOutputStream(written);
		json.start();
		Logger outbox = logback.getLogger("io.nurture.email.Outbox");
		outbox.addAppender(json);
		String email = uniqueEmail("json-logs");
		String leadId;
		try {
			leadId = capture(true, email);
		}
		finally {
			outbox.detachAppender(json);
			json.stop();
		}
		String journey = engine.getRuntimeService().createProcessInstanceQuery().processInstanceBusinessKey(leadId)
				.processDefinitionKey("lead-journey").singleResult().getId();

		List<String> queued = written.toString(StandardCharsets.UTF_8).lines()
				.filter(line -> line.contains("queued for lead " + leadId)).toList();
		assertThat(queued).singleElement().asString().doesNotContain(email, FIRST_NAME);
		JsonNode line = new ObjectMapper().readTree(queued.get(0));
		assertThat(line.path("message").asText()).startsWith("Email confirm-subscription (OPT_IN) queued for lead " + leadId);
		assertThat(line.path("log").path("logger").asText()).isEqualTo("io.nurture.email.Outbox");
		assertThat(line.path("leadId").asText()).isEqualTo(leadId);
		assertThat(line.path("processInstanceId").asText()).isEqualTo(journey);
	}

	private String capture(boolean consent) {
		return capture(consent, uniqueEmail("logs"));
	}

	private String capture(boolean consent, String email) {
		return post("/api/leads", """
				{"email":"%s","firstName":"%s","source":"webinar","consent":%s}""".formatted(email, FIRST_NAME, consent))
				.getBody().get("id").asText();
	}

	private static List<String> lines(CapturedOutput output, String text) {
		return Arrays.stream(output.getOut().split("\\R")).filter(line -> line.contains(text)).toList();
	}
}
