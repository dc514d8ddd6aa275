package io.nurture.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;

/**
 * Two engine nodes, each the packaged jar in a JVM of its own, on one fresh MariaDB/MySQL database, sending to a
 * GreenMail server in this JVM; the nodes reach the database through a TCP proxy the test controls. Both start at
 * the same moment on the empty database. Then a few thousand leads (-Dcluster.leads, default 2000) go through
 * capture with consent, the confirmation link from their email, the welcome email of their nurture track and three
 * interactions each, posted to both nodes in turn with idempotency keys and re-posted with the same key when a node
 * does not answer. Meanwhile the node that is sending emails is killed with SIGKILL and started again, and later the
 * database is taken away from both nodes for 15 s. Afterwards: every due email (confirmation, welcome) arrived once,
 * every interaction counted once, every journey waits where it should, and there is no incident and no stuck job or
 * email. The nurture tracks' later emails wait for timers of days (fixed in the BPMN), so only the emails due at once
 * are counted.
 * <p>
 * Runs only with -Pmysql-tests (maven-failsafe, after the jar is packaged); .ci/run runs it on its MariaDB.
 */
class TwoNodeClusterIT {

	private static final ObjectMapper JSON = new ObjectMapper();
	private static final Pattern JDBC_URL = Pattern.compile("jdbc:(mysql|mariadb)://([^:/]+)(?::(\\d+))?/([^?]*)(\\?.*)?");
	private static final Pattern CONFIRM_TOKEN = Pattern.compile("/public/confirm\\?token=([A-Za-z0-9_\\-.~%]+)");
	private static final String CONFIRMATION_SUBJECT = "Please confirm your subscription";
	private static final List<String> INTERACTIONS = List.of("PAGE_VISITED", "CONTENT_DOWNLOADED", "WEBINAR_REGISTERED");
	private static final Duration REQUEST_DEADLINE = Duration.ofMinutes(5);
	private static final Duration CLAIM_TIMEOUT = Duration.ofSeconds(20);
	/** SMTP connections per node: at most one email on each can be between the server's acceptance and its record. */
	private static final int DISPATCH_THREADS = 4;
	private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(8);

	private final int leadCount = Integer.getInteger("cluster.leads", 2000);
	private final String run = Long.toString(System.currentTimeMillis(), 36);
	private final String adminPassword = UUID.randomUUID().toString();
	private final String authorization = "Basic " + Base64.getEncoder()
			.encodeToString(("clusteradmin:" + adminPassword).getBytes(StandardCharsets.UTF_8));
	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
	private final AtomicInteger retried = new AtomicInteger();

	private String serverUrl;
	private String databaseUrl;
	private String database;
	private String params;
	private String dbUser;
	private String dbPassword;
	private GreenMail mail;
	private TcpProxy proxy;
	private EngineNode nodeA;
	private EngineNode nodeB;
	private List<EngineNode> nodes;
	private ExecutorService pool;

	@BeforeEach
	void createDatabaseMailServerAndProxy() throws Exception {
		String url = System.getProperty("test.db.url",
				"jdbc:mysql://127.0.0.1:3306/nurture_test?sendFractionalSeconds=false&nullDatabaseMeansCurrent=true&useSSL=false&allowPublicKeyRetrieval=true");
		Matcher parts = JDBC_URL.matcher(url);
		assertThat(parts.matches()).as("a MySQL/MariaDB JDBC url in test.db.url: %s", url).isTrue();
		String host = parts.group(2);
		int port = parts.group(3) == null ? 3306 : Integer.parseInt(parts.group(3));
		params = parts.group(5) == null ? "" : parts.group(5);
		serverUrl = "jdbc:" + parts.group(1) + "://" + host + ":" + port + "/" + params;
		dbUser = System.getProperty("test.db.username", "root");
		dbPassword = System.getProperty("test.db.password", "");
		database = (parts.group(4).isEmpty() ? "nurture" : parts.group(4)) + "_cluster_" + run;
		databaseUrl = "jdbc:" + parts.group(1) + "://" + host + ":" + port + "/" + database + params;
		try (Connection connection = DriverManager.getConnection(serverUrl, dbUser, dbPassword);
				Statement sql = connection.createStatement()) {
			sql.execute("CREATE DATABASE " + database + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
		}
		mail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
		mail.start();
		proxy = new TcpProxy(host, port);
		pool = Executors.newFixedThreadPool(16);
	}

	@AfterEach
	void stopEverything() throws Exception {
		for (EngineNode node : nodes == null ? List.<EngineNode>of() : nodes) {
			node.stop();
		}
		pool.shutdownNow();
		proxy.close();
		mail.stop();
		if (!Boolean.getBoolean("cluster.keep-database")) {
			try (Connection connection = DriverManager.getConnection(serverUrl, dbUser, dbPassword);
					Statement sql = connection.createStatement()) {
				sql.execute("DROP DATABASE IF EXISTS " + database);
			}
		}
	}

	@Test
	void leadsGoThroughTwoNodesAndNothingIsLostOrDoneTwiceWhenANodeIsKilledAndTheDatabaseGoesAway() throws Exception {
		Path jar = Path.of(System.getProperty("cluster.jar", "target/nurture-engine-0.1.0-SNAPSHOT.jar"));
		assertThat(jar).as("the packaged application (mvn package)").exists();
		Path logs = Files.createDirectories(Path.of("target", "cluster-it"));
		int portA = freePort();
		int portB = freePort();
		nodeA = new EngineNode("A", portA, jar, arguments(portA), logs.resolve("node-a-" + run + ".log").toFile());
		nodeB = new EngineNode("B", portB, jar, arguments(portB), logs.resolve("node-b-" + run + ".log").toFile());
		nodes = List.of(nodeA, nodeB);

		// Both nodes start at the same moment on the empty database.
		long started = System.nanoTime();
		nodeA.start();
		nodeB.start();
		// One after the other: generous, since a busy two-core machine takes minutes for each start.
		nodeA.awaitReady(STARTUP_TIMEOUT.multipliedBy(2), authorization);
		nodeB.awaitReady(STARTUP_TIMEOUT.multipliedBy(2), authorization);
		System.out.printf("Both nodes ready after %d s%n", Duration.ofNanos(System.nanoTime() - started).toSeconds());
		assertThat(queryLong("SELECT COUNT(*) FROM ACT_RE_DEPLOYMENT")).as("deployments after a simultaneous start").isOne();
		assertThat(queryLong("SELECT COUNT(*) FROM ACT_RE_PROCDEF WHERE KEY_ = 'lead-journey'")).isOne();
		assertThat(queryLong("SELECT COUNT(*) FROM flyway_schema_history WHERE success = 0")).isZero();

		// 1. Capture, with consent: each lead's journey queues a confirmation email.
		long loadStarted = System.nanoTime();
		List<String> emails = new ArrayList<>();
		for (int i = 0; i < leadCount; i++) {
			emails.add("lead-" + i + "-" + run + "@cluster.example");
		}
		Map<String, String> leadIds = new ConcurrentHashMap<>();
		runAll(leadCount, i -> () -> {
			JsonNode lead = post(i, "/api/leads", """
					{"email": "%s", "firstName": "Lee", "lastName": "Number%d", "company": "Cluster Works",
					 "companySize": 120, "jobTitle": "Marketing Manager", "industry": "Software", "country": "DE",
					 "language": "en", "source": "webinar", "consent": true}""".formatted(emails.get(i), i));
			leadIds.put(emails.get(i), lead.get("id").asText());
		});
		assertThat(leadIds).hasSize(leadCount);

		// 2. Each lead confirms with the link from its email. When a third have, the node that is sending emails dies.
		Set<String> confirmed = ConcurrentHashMap.newKeySet();
		List<Future<?>> confirming = new ArrayList<>();
		Map<String, Object> killed = new HashMap<>();
		long deadline = System.nanoTime() + Duration.ofMinutes(10).plusSeconds(leadCount).toNanos();
		while (confirmed.size() < leadCount && System.nanoTime() < deadline) {
			for (MimeMessage message : mail.getReceivedMessages()) {
				String to = message.getRecipients(Message.RecipientType.TO)[0].toString();
				if (CONFIRMATION_SUBJECT.equals(message.getSubject()) && leadIds.containsKey(to) && confirmed.add(to)) {
					Matcher token = CONFIRM_TOKEN.matcher(textOf(message));
					assertThat(token.find()).as("confirmation link in the email to %s", to).isTrue();
					String link = "/public/confirm?token=" + token.group(1);
					int turn = confirmed.size();
					confirming.add(pool.submit(() -> {
						postPublic(turn, link);
						return null;
					}));
				}
			}
			if (killed.isEmpty() && confirmed.size() >= leadCount / 3) {
				killed.putAll(killTheSendingNode());
			}
			Thread.sleep(500);
		}
		for (Future<?> confirmation : confirming) {
			confirmation.get();
		}
		assertThat(confirmed).as("leads whose confirmation email arrived").hasSize(leadCount);
		assertThat(killed).as("a node was killed while sending").isNotEmpty();

		// 3. Three interactions per lead, to both nodes in turn; halfway the database goes away for 15 s.
		List<String> ids = new ArrayList<>(leadIds.values());
		AtomicInteger posted = new AtomicInteger();
		AtomicInteger cutAt = new AtomicInteger(-1);
		runAll(ids.size() * INTERACTIONS.size(), n -> () -> {
			String leadId = ids.get(n % ids.size());
			String type = INTERACTIONS.get(n / ids.size());
			if (posted.incrementAndGet() == ids.size() * INTERACTIONS.size() / 2 && cutAt.compareAndSet(-1, n)) {
				System.out.println("Cutting the database off both nodes for 15 s");
				proxy.cut(Duration.ofSeconds(15));
			}
			post(n, "/api/leads/" + leadId + "/interactions",
					"{\"type\": \"%s\", \"idempotencyKey\": \"%s-%s\"}".formatted(type, leadId, type));
		});
		assertThat(proxy.dropped()).as("database connections dropped by the cut").isPositive();
		long loadSeconds = Duration.ofNanos(System.nanoTime() - loadStarted).toSeconds();

		// 4. Quiet: nothing left to send, no job due.
		awaitQuiet(Duration.ofMinutes(5).plusSeconds(leadCount / 4));
		Thread.sleep(3000);

		// 5. What a user would check.
		Map<String, List<String>> receivedIds = new HashMap<>();
		for (MimeMessage message : mail.getReceivedMessages()) {
			receivedIds.computeIfAbsent(message.getRecipients(Message.RecipientType.TO)[0].toString(), k -> new ArrayList<>())
					.add(message.getMessageID());
		}
		Map<String, List<String>> expectedIds = new HashMap<>();
		Map<String, Long> byStatus = new TreeMap<>();
		Map<String, Long> byTemplate = new TreeMap<>();
		try (Connection connection = database(); Statement sql = connection.createStatement();
				ResultSet rows = sql.executeQuery("SELECT recipient, template, status, message_id FROM email_outbox")) {
			while (rows.next()) {
				byStatus.merge(rows.getString("status"), 1L, Long::sum);
				byTemplate.merge(rows.getString("template"), 1L, Long::sum);
				expectedIds.computeIfAbsent(rows.getString("recipient"), k -> new ArrayList<>()).add(rows.getString("message_id"));
			}
		}
		int duplicates = 0;
		int missing = 0;
		for (String email : emails) {
			List<String> expected = expectedIds.getOrDefault(email, List.of());
			List<String> received = receivedIds.getOrDefault(email, List.of());
			duplicates += received.size() - new HashSet<>(received).size();
			missing += (int) expected.stream().filter(id -> !received.contains(id)).count();
			assertThat(new HashSet<>(received)).as("emails received by %s", email).isEqualTo(new HashSet<>(expected));
		}
		long confirmationsPerLead = byTemplate.getOrDefault("confirm-subscription", 0L);
		long suppressedOtherThanConfirmations = queryLong("SELECT COUNT(*) FROM email_outbox o JOIN consents c ON c.lead_id = o.lead_id "
				+ "WHERE o.status = 'SUPPRESSED' AND NOT (o.template = 'confirm-subscription' AND c.status = 'CONFIRMED')");
		Map<Long, Long> scores = new TreeMap<>();
		try (Connection connection = database(); Statement sql = connection.createStatement();
				ResultSet rows = sql.executeQuery("SELECT score FROM lead_scores WHERE lead_id IN (SELECT id FROM leads WHERE email LIKE '%-"
						+ run + "@cluster.example')")) {
			while (rows.next()) {
				scores.merge(rows.getLong(1), 1L, Long::sum);
			}
		}
		long interactions = queryLong("SELECT COUNT(*) FROM interactions");
		long scored = queryLong("SELECT COUNT(*) FROM interactions WHERE scored = TRUE");
		long interactionLedger = queryLong("SELECT COUNT(*) FROM score_ledger WHERE interaction_id IS NOT NULL");
		long interactionsCountedTwice = queryLong("SELECT COUNT(*) FROM (SELECT interaction_id, rule_id FROM score_ledger "
				+ "WHERE interaction_id IS NOT NULL GROUP BY interaction_id, rule_id HAVING COUNT(*) > 1) twice");
		long journeys = queryLong("SELECT COUNT(*) FROM ACT_RU_EXECUTION e JOIN ACT_RE_PROCDEF d ON e.PROC_DEF_ID_ = d.ID_ "
				+ "WHERE d.KEY_ = 'lead-journey' AND e.PARENT_ID_ IS NULL");
		long waitingTimers = queryLong("SELECT COUNT(*) FROM ACT_RU_JOB WHERE TYPE_ = 'timer' AND DUEDATE_ > NOW()");
		long incidents = queryLong("SELECT COUNT(*) FROM ACT_RU_INCIDENT");
		long failedJobs = queryLong("SELECT COUNT(*) FROM ACT_RU_JOB WHERE RETRIES_ = 0");
		long confirmedConsents = queryLong("SELECT COUNT(*) FROM consents WHERE status = 'CONFIRMED'");

		System.out.printf("""
				Two-node cluster test, %d leads, load %d s, %d requests re-posted after a failure
				  killed: %s
				  database cut: %d connections dropped, 15 s refused
				  outbox by status: %s, by template: %s
				  GreenMail: %d messages, %d duplicates (same Message-ID), %d missing
				  interactions: %d stored, %d scored, %d ledger lines, %d counted twice; scores: %s
				  journeys running: %d, timers waiting: %d, incidents: %d, jobs out of retries: %d, consents confirmed: %d
				""", leadCount, loadSeconds, retried.get(), killed, proxy.dropped(), byStatus, byTemplate,
				mail.getReceivedMessages().length, duplicates, missing, interactions, scored, interactionLedger,
				interactionsCountedTwice, scores, journeys, waitingTimers, incidents, failedJobs, confirmedConsents);

		assertThat(confirmationsPerLead).as("one confirmation email per lead").isEqualTo(leadCount);
		assertThat(byTemplate.values().stream().mapToLong(Long::longValue).sum()).as("confirmation and welcome per lead")
				.isEqualTo(2L * leadCount);
		assertThat(byStatus).as("no email waiting, claimed or failed").doesNotContainKeys("PENDING", "SENDING", "FAILED");
		// A confirmation the killed node had handed to the mail server but not recorded is given back after the claim
		// timeout; by then the lead has confirmed with it, so the consent check suppresses the second copy.
		assertThat(suppressedOtherThanConfirmations).as("suppressed emails other than confirmations of confirmed leads").isZero();
		assertThat(missing).as("emails in the outbox that never arrived").isZero();
		// SMTP cannot commit with the database: an email the mail server accepted in the very moment its node was
		// killed is sent again, with the same Message-ID. There can be no more such emails than were claimed then,
		// and no more than one per SMTP connection: the rest of a claimed chunk had not been handed over yet.
		assertThat(duplicates).as("duplicates, at most one per connection of the killed node").isLessThanOrEqualTo(
				Math.min(((Number) killed.get("emailsMidSend")).intValue(), DISPATCH_THREADS));
		assertThat(interactions).as("interactions stored, each once").isEqualTo((long) leadCount * INTERACTIONS.size());
		assertThat(scored).isEqualTo(interactions);
		assertThat(interactionsCountedTwice).as("interactions applied to a score twice").isZero();
		assertThat(scores).as("every lead the same score: same profile, same interactions, each counted once").hasSize(1);
		assertThat(scores.values().iterator().next()).isEqualTo(leadCount);
		assertThat(journeys).as("one running journey per lead").isEqualTo(leadCount);
		assertThat(waitingTimers).as("every lead waits in its track's timer").isGreaterThanOrEqualTo(leadCount);
		assertThat(incidents).as("incidents").isZero();
		assertThat(failedJobs).as("jobs out of retries").isZero();
		assertThat(confirmedConsents).isEqualTo(leadCount);
	}

	/**
	 * Waits until one node holds an email claim (it is sending), SIGKILLs that node, records how many emails it had
	 * claimed and not finished, and starts it again.
	 */
	private Map<String, Object> killTheSendingNode() throws Exception {
		EngineNode victim = null;
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		while (victim == null && System.nanoTime() < deadline) {
			String claimedBy = queryString("SELECT claimed_by FROM email_outbox WHERE status = 'SENDING' LIMIT 1");
			for (EngineNode node : nodes) {
				if (claimedBy != null && claimedBy.startsWith(node.pid() + "@")) {
					victim = node;
				}
			}
			Thread.sleep(10);
		}
		assertThat(victim).as("a node caught sending").isNotNull();
		long pid = victim.pid();
		int exit = victim.kill();
		assertThat(exit).as("exit code of a JVM killed with SIGKILL (128 + 9)").isEqualTo(137);
		long midSend = queryLong("SELECT COUNT(*) FROM email_outbox WHERE status = 'SENDING' AND claimed_by LIKE '" + pid + "@%'");
		System.out.printf("Killed node %s (pid %d) with SIGKILL while it was sending; %d emails claimed and unfinished%n",
				victim.name, pid, midSend);
		victim.start();
		EngineNode restarted = victim;
		pool.submit(() -> {
			restarted.awaitReady(STARTUP_TIMEOUT, authorization);
			System.out.printf("Node %s is back%n", restarted.name);
			return null;
		});
		return Map.of("node", victim.name, "exitCode", exit, "emailsMidSend", midSend);
	}

	/** Waits until no email is pending or claimed and no Camunda job is due. */
	private void awaitQuiet(Duration timeout) throws Exception {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			long emails = queryLong("SELECT COUNT(*) FROM email_outbox WHERE status IN ('PENDING', 'SENDING')");
			long jobs = queryLong("SELECT COUNT(*) FROM ACT_RU_JOB WHERE RETRIES_ > 0 AND (DUEDATE_ IS NULL OR DUEDATE_ <= NOW())");
			if (emails == 0 && jobs == 0) {
				return;
			}
			Thread.sleep(1000);
		}
		System.out.println("Not quiet after " + timeout + "; the assertions say what is left");
	}

	private List<String> arguments(int port) {
		String datasource = "jdbc:mysql://127.0.0.1:" + proxy.port() + "/" + database + params;
		return List.of("--spring.profiles.active=mysql",
				"--spring.datasource.url=" + datasource,
				"--spring.datasource.username=" + dbUser,
				"--spring.datasource.password=" + dbPassword,
				// A request waits at most 10 s for a connection while the database is away, then fails and is re-posted.
				"--spring.datasource.hikari.connection-timeout=10000",
				"--spring.mail.host=127.0.0.1",
				"--spring.mail.port=" + mail.getSmtp().getPort(),
				"--camunda.bpm.admin-user.id=clusteradmin",
				"--camunda.bpm.admin-user.password=" + adminPassword,
				"--nurture.links.secret=cluster-test-secret-" + run + "-long-enough-to-sign",
				"--nurture.links.base-url=http://127.0.0.1:" + port,
				"--nurture.mail.dispatch-interval=500ms",
				"--nurture.mail.dispatch-threads=" + DISPATCH_THREADS,
				"--nurture.mail.first-retry-delay=1s",
				"--nurture.mail.max-retry-delay=5s",
				"--nurture.mail.claim-timeout=" + CLAIM_TIMEOUT.toSeconds() + "s",
				"--nurture.mail.default-send-window=any-time",
				// Same score for every lead: nothing fades while the test runs.
				"--nurture.scoring.decay.enabled=false",
				"--nurture.privacy.retention.enabled=false",
				"--logging.level.org.camunda.bpm.engine.context=warn");
	}

	/** Runs the tasks on the pool and fails with the first failure. */
	private void runAll(int count, IntFunction<ThrowingRunnable> task) throws Exception {
		List<Future<?>> futures = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			ThrowingRunnable work = task.apply(i);
			futures.add(pool.submit(() -> {
				work.run();
				return null;
			}));
		}
		for (Future<?> future : futures) {
			future.get();
		}
	}

	interface ThrowingRunnable {
		void run() throws Exception;
	}

	/**
	 * Posts to the ready nodes in turn, starting with node {@code turn % 2}; a node that does not answer, or answers 5xx or
	 * 409, gets the same request again later, or the other node does: the request is idempotent (same address, same
	 * idempotency key, same link).
	 */
	private JsonNode post(int turn, String path, String body) throws Exception {
		HttpResponse<String> response = send(turn, path, body, true);
		assertThat(response.statusCode()).as("POST %s %s: %s", path, body, response.body()).isBetween(200, 299);
		return JSON.readTree(response.body());
	}

	private void postPublic(int turn, String path) throws Exception {
		HttpResponse<String> response = send(turn, path, null, false);
		assertThat(response.statusCode()).as("POST %s: %s", path, response.body()).isEqualTo(200);
	}

	private HttpResponse<String> send(int turn, String path, String body, boolean authenticated) throws Exception {
		long deadline = System.nanoTime() + REQUEST_DEADLINE.toNanos();
		Exception last = null;
		for (int attempt = 0; System.nanoTime() < deadline; attempt++) {
			EngineNode node = nodes.get((turn + attempt) % 2);
			if (!node.ready) {
				// As a load balancer does: a node that is starting or dead gets no requests.
				node = nodes.get((turn + attempt + 1) % 2);
			}
			HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(node.baseUrl() + path))
					.timeout(Duration.ofSeconds(60))
					.POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
			if (authenticated) {
				request.header("Authorization", authorization).header("Content-Type", "application/json");
			}
			else {
				// Each person follows their link from their own address, as a load balancer reports it; the public
				// links are rate limited per client address (RFC 5737 documentation addresses).
				request.header("X-Forwarded-For", "192.0.2." + (turn % 250 + 1));
			}
			try {
				HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
				if (response.statusCode() < 500 && response.statusCode() != 409) {
					return response;
				}
				last = new IOException(node.name + " answered " + response.statusCode() + ": " + response.body());
			}
			catch (IOException e) {
				last = e;
			}
			retried.incrementAndGet();
			Thread.sleep(attempt % 2 == 0 ? 100 : 1000);
		}
		throw new AssertionError("No node took POST " + path + " within " + REQUEST_DEADLINE, last);
	}

	/** The text/plain part of an email, decoded. */
	private static String textOf(Part part) throws Exception {
		if (part.isMimeType("text/plain")) {
			return (String) part.getContent();
		}
		if (part.getContent() instanceof Multipart multipart) {
			for (int i = 0; i < multipart.getCount(); i++) {
				String text = textOf(multipart.getBodyPart(i));
				if (!text.isEmpty()) {
					return text;
				}
			}
		}
		return "";
	}

	/** Straight to the database, not through the proxy. */
	private Connection database() throws SQLException {
		return DriverManager.getConnection(databaseUrl, dbUser, dbPassword);
	}

	private long queryLong(String query) throws SQLException {
		try (Connection connection = database(); Statement sql = connection.createStatement();
				ResultSet result = sql.executeQuery(query)) {
			result.next();
			return result.getLong(1);
		}
	}

	private String queryString(String query) throws SQLException {
		try (Connection connection = database(); Statement sql = connection.createStatement();
				ResultSet result = sql.executeQuery(query)) {
			return result.next() ? result.getString(1) : null;
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}
}
