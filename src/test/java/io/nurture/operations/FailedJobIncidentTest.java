package io.nurture.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import io.nurture.NurtureTest;
import io.nurture.consent.Consents;
import io.nurture.email.Outbox;
import io.nurture.email.OutboxMessage;

/**
 * A step that fails is retried with backoff; what still fails is an incident that tells an operator which lead, which
 * step and what went wrong, and once the cause is fixed and the job given a retry, the journey goes on.
 */
class FailedJobIncidentTest extends NurtureTest {

	@Autowired
	Consents consents;
	@Autowired
	Outbox outbox;
	@Autowired
	JdbcTemplate jdbc;

	private String deploymentId;

	@BeforeEach
	void deployDrill() {
		deploymentId = engine.getRepositoryService().createDeployment().name("incident drill")
				.addClasspathResource("operations/incident-drill.bpmn").deploy().getId();
	}

	@AfterEach
	void removeDrill() {
		engine.getRepositoryService().deleteDeployment(deploymentId, true);
	}

	@Test
	void aStepThatKeepsFailingBecomesAnIncidentNamingTheLeadAndTheStepAndContinuesOnceFixed() {
		// A lead without a first name, and a subject line that needs one: rendering fails until the data is fixed.
		String leadId = post("/api/leads", """
				{"email":"%s","source":"webinar","consent":true}""".formatted(uniqueEmail("incident"))).getBody()
				.get("id").asText();
		consents.confirm(leadId);
		ProcessInstance drill = engine.getRuntimeService().startProcessInstanceByKey("incident-drill", leadId,
				Map.of("leadId", leadId));
		ManagementService management = engine.getManagementService();
		Job job = management.createJobQuery().processInstanceId(drill.getId()).singleResult();

		List<Duration> waits = new ArrayList<>();
		int tries = 0;
		while (job.getRetries() > 0 && tries < 20) {
			String jobId = job.getId();
			Instant failedAt = Instant.now();
			assertThatThrownBy(() -> management.executeJob(jobId)).hasMessageContaining("lead.firstName");
			tries++;
			job = management.createJobQuery().jobId(jobId).singleResult();
			if (job.getRetries() > 0) {
				waits.add(Duration.between(failedAt, job.getDuedate().toInstant()));
			}
		}

		assertThat(tries).as("the first try and five retries").isEqualTo(6);
		assertThat(waits).as("PT10S,PT1M,PT5M,PT30M,PT2H between the tries").hasSize(5);
		assertThat(waits.get(0)).isBetween(Duration.ofSeconds(5), Duration.ofSeconds(15));
		assertThat(waits.get(1)).isBetween(Duration.ofSeconds(55), Duration.ofSeconds(65));
		assertThat(waits.get(4)).isBetween(Duration.ofMinutes(119), Duration.ofMinutes(121));
		Incident incident = engine.getRuntimeService().createIncidentQuery().processInstanceId(drill.getId())
				.singleResult();
		assertThat(incident.getIncidentType()).isEqualTo(Incident.FAILED_JOB_HANDLER_TYPE);
		assertThat(incident.getIncidentMessage())
				.startsWith("Lead " + leadId + ": 'Send greeting' in 'Incident drill' failed: ")
				.contains("industry-report", "lead.firstName").doesNotContain("Tip:", "FTL stack trace");
		assertThat(outbox.of(leadId)).extracting(OutboxMessage::template).doesNotContain("industry-report");

		jdbc.update("UPDATE leads SET first_name = 'Ada' WHERE id = ?", leadId);
		management.setJobRetries(job.getId(), 1);
		management.executeJob(job.getId());

		assertThat(engine.getRuntimeService().createProcessInstanceQuery().processInstanceId(drill.getId()).count())
				.as("the drill went on to its end").isZero();
		assertThat(engine.getRuntimeService().createIncidentQuery().processInstanceId(drill.getId()).count()).isZero();
		assertThat(outbox.of(leadId)).filteredOn(message -> message.template().equals("industry-report"))
				.singleElement().extracting(OutboxMessage::subject).isEqualTo("Hello Ada");
	}
}
