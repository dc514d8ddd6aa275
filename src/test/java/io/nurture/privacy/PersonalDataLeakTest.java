package io.nurture.privacy;

import static io.nurture.email.EmailDeliveryTest.awaitEmails;
import static io.nurture.email.EmailDeliveryTest.html;
import static io.nurture.email.EmailDeliveryTest.htmlLink;
import static io.nurture.email.EmailDeliveryTest.link;
import static io.nurture.email.EmailDeliveryTest.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import javax.sql.DataSource;

import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.http.client.ClientHttpRequestFactorySettings.Redirects;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import io.nurture.NurtureTest;

/**
 * Personal data lives only in the project's own tables. Two people go through everything the engine does with a
 * lead, over HTTP, SMTP and the public links: one is captured with consent, confirms, receives its nurture emails
 * (the test fires the timers), opens and clicks them, engages, becomes an MQL, is returned by sales, is nurtured
 * again, becomes an MQL again, is accepted, qualified and handed to a CRM; the other confirms, unsubscribes with one
 * click and then bounces. Afterwards no Camunda runtime or history table, no byte array (serialized variables,
 * stack traces), no Quartz table and no log line of the engine, at DEBUG for the project's own code, holds a name,
 * address, phone number or company of either.
 */
class PersonalDataLeakTest extends NurtureTest {

	private static final List<String> SCANNED_PREFIXES = List.of("ACT_RU_", "ACT_HI_", "ACT_GE_BYTEARRAY", "QRTZ_");

	@Autowired
	DataSource dataSource;
	@Autowired
	JdbcTemplate jdbc;

	private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
	private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
	private final Logger project = (Logger) LoggerFactory.getLogger("io.nurture");
	private Level projectLevel;
	private HttpServer crm;

	@BeforeEach
	void captureLogs() {
		projectLevel = project.getLevel();
		project.setLevel(Level.DEBUG);
		logs.start();
		root.addAppender(logs);
	}

	@AfterEach
	void stopCapturing() {
		root.detachAppender(logs);
		logs.stop();
		project.setLevel(projectLevel);
		if (crm != null) {
			crm.stop(0);
		}
	}

	@Test
	void noNameAddressPhoneOrCompanyLeavesTheProjectsTables() throws Exception {
		String unique = UUID.randomUUID().toString().substring(0, 8);
		Person zebedee = new Person("Zebedee", "Quarrington", "Xylophone Holdings", "+44 20 7946 0999",
				"zebedee.quarrington-" + unique + "@xylophone-holdings.example");
		Person ottoline = new Person("Ottoline", "Fairweather-Brisk", "Quince Lantern Ltd", "+44 161 496 0777",
				"ottoline.fairweather-" + unique + "@quince-lantern.example");

		fullJourney(zebedee);
		unsubscribeAndBounce(ottoline);
		// Let the dispatcher and the CRM job log whatever they log about these emails and handovers.
		await().atMost(Duration.ofSeconds(15)).until(() -> jdbc.queryForObject(
				"SELECT COUNT(*) FROM email_outbox o JOIN leads l ON l.id = o.lead_id WHERE l.email IN (?, ?) AND o.status = 'SENDING'",
				Integer.class, zebedee.email(), ottoline.email()) == 0);
		assertThat(logs.list).as("the log capture works").isNotEmpty();

		List<String> leaks = new ArrayList<>();
		for (String value : zebedee.values()) {
			leaks.addAll(tablesHolding(value));
			leaks.addAll(logLinesHolding(value));
		}
		for (String value : ottoline.values()) {
			leaks.addAll(tablesHolding(value));
			leaks.addAll(logLinesHolding(value));
		}
		assertThat(leaks).as("personal data outside the project's tables").isEmpty();
	}

	private void fullJourney(Person person) throws Exception {
		ResponseEntity<JsonNode> captured = post("/api/leads", """
				{"email":"%s","firstName":"%s","lastName":"%s","company":"%s","companySize":400,"jobTitle":"CTO",
				 "industry":"Software","phone":"%s","country":"US","language":"en","source":"webinar",
				 "campaign":"privacy-check","consent":true,"consentMethod":"FORM","trackingConsent":true}"""
				.formatted(person.email(), person.firstName(), person.lastName(), person.company(), person.phone()));
		assertThat(captured.getStatusCode()).isEqualTo(HttpStatus.CREATED);
		String leadId = captured.getBody().get("id").asText();
		// A second capture from another channel: the known lead gains a source.
		assertThat(post("/api/leads", """
				{"email":"%s","firstName":"%s","source":"newsletter","consent":true}"""
				.formatted(person.email().toUpperCase(Locale.ROOT), person.firstName())).getStatusCode())
				.isEqualTo(HttpStatus.OK);

		assertThat(http.postForEntity(link(text(awaitEmails(person.email(), 1).get(0)), "/public/confirm"), null,
				String.class).getStatusCode()).isEqualTo(HttpStatus.OK);
		var welcome = awaitEmails(person.email(), 2).get(1);
		assertThat(http.getForEntity(htmlLink(html(welcome), "/public/open"), byte[].class).getStatusCode())
				.isEqualTo(HttpStatus.OK);
		fireTrackTimer(leadId);
		var businessCase = awaitEmails(person.email(), 3).get(2);
		assertThat(noRedirects().getForEntity(link(text(businessCase), "/public/click"), String.class).getStatusCode())
				.isEqualTo(HttpStatus.FOUND);

		interact(leadId, "{\"type\":\"CONTENT_DOWNLOADED\",\"content\":\"Scoring guide\"}");
		interact(leadId, "{\"type\":\"PRICING_PAGE_VISITED\",\"url\":\"https://northwind.example/pricing\"}");
		interact(leadId, "{\"type\":\"WEBINAR_ATTENDED\",\"content\":\"Scoring live\"}");
		untilStage(leadId, "MQL", "{\"type\":\"DEMO_REQUESTED\"}");

		String review = task(leadId, "ReviewLead");
		assertThat(sales().getForObject("/engine-rest/task/" + review + "/form-variables", JsonNode.class)
				.get("leadName").get("value").asText()).isEqualTo(person.firstName() + " " + person.lastName());
		claimAndSubmit(review, """
				{"decision":{"value":"return"},"returnReason":{"value":"NO_NEED_NOW"},
				 "returnComment":{"value":"Budget round is in spring, try again then"}}""");
		assertThat(get("/api/leads/" + leadId).getBody().get("stage").asText()).isEqualTo("LEAD");

		// Back in nurture: the re-engagement track rests, then writes; the lead clicks and engages again.
		fireTrackTimer(leadId);
		interact(leadId, "{\"type\":\"EMAIL_CLICKED\",\"url\":\"https://northwind.example/demo\"}");
		untilStage(leadId, "MQL", "{\"type\":\"DEMO_REQUESTED\"}");

		claimAndSubmit(task(leadId, "ReviewLead"), "{\"decision\":{\"value\":\"accept\"}}");
		String qualify = task(leadId, "QualifyLead");
		assertThat(sales().getForObject("/engine-rest/task/" + qualify + "/form-variables", JsonNode.class)
				.get("leadPhone").get("value").asText()).isEqualTo(person.phone());
		claimAndSubmit(qualify, """
				{"qualification":{"value":"qualified"},"budgetConfirmed":{"value":true},
				 "realisticChance":{"value":true},"expectedTimeline":{"value":"3-6M"}}""");
		// "Hand over to CRM" runs as a job of its own after sales' decision; the job executor is off in tests.
		String handover = engine.getRuntimeService().createProcessInstanceQuery().processDefinitionKey("sales-handover")
				.processInstanceBusinessKey(leadId).singleResult().getId();
		engine.getManagementService().executeJob(engine.getManagementService().createJobQuery()
				.processInstanceId(handover).singleResult().getId());

		crm = HttpServer.create(new InetSocketAddress("127.0.0.1", CRM_PORT), 0);
		crm.createContext("/opportunities", exchange -> {
			exchange.getRequestBody().readAllBytes();
			exchange.sendResponseHeaders(201, -1);
			exchange.close();
		});
		crm.start();
		await().atMost(Duration.ofSeconds(20))
				.until(() -> "OPPORTUNITY".equals(get("/api/leads/" + leadId).getBody().get("stage").asText()));
		assertThat(get("/api/leads/" + leadId + "/export").getStatusCode()).isEqualTo(HttpStatus.OK);
	}

	private void unsubscribeAndBounce(Person person) throws Exception {
		ResponseEntity<JsonNode> captured = post("/api/leads", """
				{"email":"%s","firstName":"%s","lastName":"%s","company":"%s","jobTitle":"Marketing Manager",
				 "industry":"Retail","phone":"%s","country":"GB","language":"en","source":"newsletter","consent":true}"""
				.formatted(person.email(), person.firstName(), person.lastName(), person.company(), person.phone()));
		assertThat(captured.getStatusCode()).isEqualTo(HttpStatus.CREATED);
		String leadId = captured.getBody().get("id").asText();
		http.postForEntity(link(text(awaitEmails(person.email(), 1).get(0)), "/public/confirm"), null, String.class);
		String unsubscribe = link(text(awaitEmails(person.email(), 2).get(1)), "/public/unsubscribe");
		HttpHeaders form = new HttpHeaders();
		form.setContentType(MediaType.APPLICATION_FORM_URLENCODED);
		assertThat(http.postForEntity(unsubscribe, new HttpEntity<>("List-Unsubscribe=One-Click", form), String.class)
				.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(get("/api/leads/" + leadId + "/consent").getBody().get("status").asText()).isEqualTo("WITHDRAWN");
		assertThat(post("/api/email/bounces", """
				{"email":"%s","type":"HARD_BOUNCE","detail":"550 5.1.1 <%s>: mailbox unknown"}"""
				.formatted(person.email(), person.email())).getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
	}

	/** Fires the timer the lead's nurture track waits on. */
	private void fireTrackTimer(String leadId) {
		ProcessInstance track = engine.getRuntimeService().createProcessInstanceQuery()
				.processInstanceBusinessKey(leadId).active().list().stream()
				.filter(instance -> engine.getRepositoryService().getProcessDefinition(instance.getProcessDefinitionId())
						.getKey().startsWith("nurture-track-"))
				.findFirst().orElseThrow();
		Job timer = engine.getManagementService().createJobQuery().processInstanceId(track.getId()).timers()
				.orderByJobDuedate().asc().list().get(0);
		engine.getManagementService().executeJob(timer.getId());
	}

	private void interact(String leadId, String body) {
		assertThat(post("/api/leads/" + leadId + "/interactions", body).getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
	}

	private void untilStage(String leadId, String stage, String interaction) {
		for (int i = 0; i < 6 && !stage.equals(get("/api/leads/" + leadId).getBody().get("stage").asText()); i++) {
			interact(leadId, interaction);
		}
		assertThat(get("/api/leads/" + leadId).getBody().get("stage").asText()).isEqualTo(stage);
	}

	private String task(String leadId, String key) {
		JsonNode tasks = sales().getForObject("/engine-rest/task?processInstanceBusinessKey=" + leadId
				+ "&taskDefinitionKey=" + key, JsonNode.class);
		assertThat(tasks).as(key + " of " + leadId).hasSize(1);
		return tasks.get(0).get("id").asText();
	}

	private void claimAndSubmit(String taskId, String variables) {
		assertThat(sales().postForEntity("/engine-rest/task/" + taskId + "/claim",
				json("{\"userId\":\"" + SALES_USER + "\"}"), String.class).getStatusCode())
				.isEqualTo(HttpStatus.NO_CONTENT);
		assertThat(sales().postForEntity("/engine-rest/task/" + taskId + "/submit-form",
				json("{\"variables\":" + variables + "}"), String.class).getStatusCode())
				.isEqualTo(HttpStatus.NO_CONTENT);
	}

	/** Every row of every Camunda runtime, history and byte array table and every Quartz table that holds the value. */
	private List<String> tablesHolding(String value) throws SQLException {
		String needle = value.toLowerCase(Locale.ROOT);
		List<String> found = new ArrayList<>();
		List<String> tables = scannedTables();
		assertThat(tables).as("the tables scanned").contains("ACT_RU_VARIABLE", "ACT_RU_JOB", "ACT_RU_EXT_TASK",
				"ACT_HI_VARINST", "ACT_HI_DETAIL", "ACT_HI_DEC_IN", "ACT_GE_BYTEARRAY", "QRTZ_JOB_DETAILS",
				"QRTZ_TRIGGERS");
		for (String table : tables) {
			jdbc.query("SELECT * FROM " + table, (ResultSet row) -> {
				ResultSetMetaData columns = row.getMetaData();
				for (int i = 1; i <= columns.getColumnCount(); i++) {
					String text = asText(row.getObject(i));
					if (text != null && text.toLowerCase(Locale.ROOT).contains(needle)) {
						found.add(table + "." + columns.getColumnLabel(i) + " holds '" + value + "'");
					}
				}
			});
		}
		return found;
	}

	private List<String> scannedTables() throws SQLException {
		List<String> tables = new ArrayList<>();
		try (Connection connection = dataSource.getConnection();
				ResultSet all = connection.getMetaData().getTables(connection.getCatalog(), null, "%",
						new String[] { "TABLE" })) {
			while (all.next()) {
				String name = all.getString("TABLE_NAME");
				if (SCANNED_PREFIXES.stream().anyMatch(prefix -> name.toUpperCase(Locale.ROOT).startsWith(prefix))) {
					tables.add(name.toUpperCase(Locale.ROOT));
				}
			}
		}
		return tables;
	}

	/** A column's value as text; bytes (serialized variables, job data maps, stack traces) decoded as UTF-8. */
	private static String asText(Object value) throws SQLException {
		if (value instanceof byte[] bytes) {
			return new String(bytes, StandardCharsets.UTF_8);
		}
		if (value instanceof Blob blob) {
			return new String(blob.getBytes(1, (int) blob.length()), StandardCharsets.UTF_8);
		}
		if (value instanceof Clob clob) {
			return clob.getSubString(1, (int) clob.length());
		}
		return value == null ? null : value.toString();
	}

	/** Log lines of the engine (everything but the GreenMail mail server's own) holding the value. */
	private List<String> logLinesHolding(String value) {
		String needle = value.toLowerCase(Locale.ROOT);
		List<String> found = new ArrayList<>();
		for (ILoggingEvent event : List.copyOf(logs.list)) {
			if (event.getLoggerName().startsWith("com.icegreen")) {
				continue;
			}
			StringBuilder line = new StringBuilder(event.getFormattedMessage()).append(' ')
					.append(event.getMDCPropertyMap());
			for (IThrowableProxy cause = event.getThrowableProxy(); cause != null; cause = cause.getCause()) {
				line.append(' ').append(cause.getClassName()).append(": ").append(cause.getMessage());
			}
			if (line.toString().toLowerCase(Locale.ROOT).contains(needle)) {
				found.add("log " + event.getLevel() + " " + event.getLoggerName() + ": " + line);
			}
		}
		return found;
	}

	private TestRestTemplate sales() {
		return http.withBasicAuth(SALES_USER, PASSWORD);
	}

	private TestRestTemplate noRedirects() {
		return http.withRedirects(Redirects.DONT_FOLLOW);
	}

	private static HttpEntity<String> json(String body) {
		HttpHeaders headers = new HttpHeaders();
		headers.setContentType(MediaType.APPLICATION_JSON);
		return new HttpEntity<>(body, headers);
	}

	/** A person with values distinctive enough that any occurrence outside the project's tables is a leak. */
	private record Person(String firstName, String lastName, String company, String phone, String email) {

		List<String> values() {
			return List.of(firstName, lastName, company, phone, phone.replace(" ", ""), email);
		}
	}
}
