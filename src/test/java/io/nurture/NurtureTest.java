package io.nurture;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;

/**
 * The whole engine on a random port, with a real GreenMail SMTP and IMAP server that lives as long as the test JVM,
 * so every story test shares one Spring context. Each test uses its own addresses, so tests do not see each other's data.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@Import(ProcessCoverage.class)
public abstract class NurtureTest {

	public static final GreenMail MAIL = new GreenMail(
			new ServerSetup[] { ServerSetupTest.SMTP.dynamicPort(), ServerSetupTest.IMAP.dynamicPort() });

	/** The mailbox bounces arrive in, read by the engine over IMAP (application-test.yml). */
	public static final String BOUNCE_MAILBOX = "bounces@northwind.example";

	static {
		MAIL.start();
		MAIL.setUser(BOUNCE_MAILBOX, BOUNCE_MAILBOX, "bounces");
	}

	/** Where the test CRM webhook listens; nothing does until a test starts a server there (a CRM that is down). */
	public static final int CRM_PORT = freePort();

	/** Camunda's administrator (application-test.yml): an operator, who may read the health details and the metrics. */
	public static final String ADMIN = "admin";
	public static final String ADMIN_PASSWORD = "admin-test-pass";

	/** A sales user and a marketing user, as Tasklist and the API know them. */
	public static final String SALES_USER = "sally";
	public static final String MARKETING_USER = "mark";
	public static final String PASSWORD = "s3cret-pass";

	@Autowired
	protected ProcessEngine engine;

	@Autowired
	protected TestRestTemplate http;

	@DynamicPropertySource
	static void mailServer(DynamicPropertyRegistry registry) {
		registry.add("spring.mail.host", () -> "127.0.0.1");
		registry.add("spring.mail.port", () -> MAIL.getSmtp().getPort());
		registry.add("nurture.handover.crm.url", () -> "http://127.0.0.1:" + CRM_PORT + "/opportunities");
		registry.add("nurture.mail.bounce-mailbox.enabled", () -> "true");
		registry.add("nurture.mail.bounce-mailbox.host", () -> "127.0.0.1");
		registry.add("nurture.mail.bounce-mailbox.port", () -> MAIL.getImap().getPort());
	}

	private static int freePort() {
		try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (java.io.IOException e) {
			throw new IllegalStateException(e);
		}
	}

	@BeforeEach
	void engineAndUsers() {
		BpmnAwareTests.init(engine);
		IdentityService identity = engine.getIdentityService();
		for (String group : List.of("sales", "marketing")) {
			if (identity.createGroupQuery().groupId(group).count() == 0) {
				identity.saveGroup(identity.newGroup(group));
			}
		}
		createUser(identity, SALES_USER, "sales");
		createUser(identity, MARKETING_USER, "marketing");
	}

	private static void createUser(IdentityService identity, String id, String group) {
		createUser(identity, id, null, group);
	}

	/** An engine user with the test password, in these groups (created as needed); once per test JVM. */
	protected static void createUser(IdentityService identity, String id, String email, String... groups) {
		if (identity.createUserQuery().userId(id).count() == 0) {
			User user = identity.newUser(id);
			user.setFirstName(id);
			user.setLastName("Tester");
			user.setEmail(email);
			user.setPassword(PASSWORD);
			identity.saveUser(user);
			for (String group : groups) {
				if (identity.createGroupQuery().groupId(group).count() == 0) {
					identity.saveGroup(identity.newGroup(group));
				}
				identity.createMembership(id, group);
			}
		}
	}

	/**
	 * Runs engine calls as this user in these groups, as Tasklist would make them: Camunda checks the user's
	 * authorizations and records the user.
	 */
	protected void actingAs(String user, List<String> groups, Runnable work) {
		engine.getIdentityService().setAuthentication(user, groups);
		try {
			work.run();
		}
		finally {
			engine.getIdentityService().clearAuthentication();
		}
	}

	/** A POST to the project API, as the marketing user. */
	protected ResponseEntity<JsonNode> post(String path, String json) {
		HttpHeaders headers = new HttpHeaders();
		headers.setContentType(MediaType.APPLICATION_JSON);
		return http.withBasicAuth(MARKETING_USER, PASSWORD).postForEntity(path, new HttpEntity<>(json, headers),
				JsonNode.class);
	}

	/** A GET from the project API, as the marketing user. */
	protected ResponseEntity<JsonNode> get(String path) {
		return http.withBasicAuth(MARKETING_USER, PASSWORD).getForEntity(path, JsonNode.class);
	}

	/** The figures at /actuator/prometheus, as an operator's Prometheus scrapes them. */
	protected String prometheus() {
		ResponseEntity<String> answer = http.withBasicAuth(ADMIN, ADMIN_PASSWORD).getForEntity("/actuator/prometheus",
				String.class);
		assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
		return answer.getBody();
	}

	/** The sample of a meter with these labels in the Prometheus text; 0 when there is none yet (a counter not yet used). */
	protected static double metric(String prometheus, String name, String... labels) {
		return Arrays.stream(prometheus.split("\n"))
				.filter(line -> line.startsWith(name + "{") || line.startsWith(name + " "))
				.filter(line -> {
					for (int i = 0; i < labels.length; i += 2) {
						if (!line.contains(labels[i] + "=\"" + labels[i + 1] + "\"")) {
							return false;
						}
					}
					return true;
				})
				.mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
				.findFirst().orElse(0);
	}

	/** An address no other test uses. */
	protected static String uniqueEmail(String name) {
		return name + "-" + java.util.UUID.randomUUID().toString().substring(0, 8) + "@example.com";
	}
}
