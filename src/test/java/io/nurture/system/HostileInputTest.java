package io.nurture.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.nurture.consent.ConsentMethod;
import io.nurture.consent.Consents;
import io.nurture.lead.Leads;
import io.nurture.lead.NewLead;
import io.nurture.links.PublicLinks;

/**
 * Hostile input against every endpoint of the project API and the public links: malformed, oversized and wrongly
 * typed JSON, SQL, HTML and FreeMarker injection in every field, path traversal in template names, forged, expired
 * and replayed tokens, open-redirect attempts. Each is answered with a clear 4xx (a problem from the API), none with
 * a 500; replays are answered as the first use was; and afterwards the database is as it was, row for row.
 */
class HostileInputTest extends io.nurture.NurtureTest {

	private static final String[] INJECTIONS = { "' OR '1'='1", "'; DROP TABLE leads; --", "\" OR \"\"=\"",
			"<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "${7*7}", "[=7*7]",
			"<#assign x=\"freemarker.template.utility.Execute\"?new()>${x(\"id\")}", "#{7*7}", "../../etc/passwd",
			"%00", "\u0000", "x".repeat(5000) };

	/** Tables a request could write to: the project's, and Camunda's runtime, history and repository. */
	private static final List<String> TABLES = List.of("leads", "lead_sources", "lead_scores", "lead_stage_changes",
			"consents", "consent_records", "interactions", "score_ledger", "email_outbox", "email_suppressions",
			"privacy_audit", "sales_reviews", "crm_handovers", "ACT_RU_EXECUTION", "ACT_RU_TASK", "ACT_RU_VARIABLE",
			"ACT_RU_EVENT_SUBSCR", "ACT_RU_JOB", "ACT_RU_AUTHORIZATION", "ACT_HI_PROCINST", "ACT_HI_VARINST",
			"ACT_RE_DEPLOYMENT", "ACT_RE_PROCDEF", "ACT_ID_USER", "ACT_ID_GROUP");

	private static final Predicate<Integer> CLIENT_ERROR = status -> status >= 400 && status < 500;

	@LocalServerPort
	int port;
	@Autowired
	Leads leads;
	@Autowired
	Consents consents;
	@Autowired
	PublicLinks links;
	@Autowired
	JdbcTemplate jdbc;
	@Value("${nurture.links.secret}")
	String secret;

	private final HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
			.connectTimeout(Duration.ofSeconds(10)).build();

	record Case(String name, String method, String path, String contentType, BodyPublisher body, boolean signedIn,
			Predicate<Integer> expected, String location) {
	}

	@TestFactory
	Stream<DynamicTest> everyHostileRequestIsAClientErrorAndChangesNothing() {
		String lead = leads.capture(new NewLead(uniqueEmail("target"), "Ada", "Lovelace", "Analytical Engines", 120,
				"CTO", "Software", "+44 20 7946 0000", "GB", "en", "webinar", true, null, ConsentMethod.FORM, null))
				.lead().getId();
		// Used once, as the lead did, before the snapshot: the hostile requests replay them.
		String confirm = token(links.confirmation(lead));
		consents.confirm(lead, ConsentMethod.CONFIRMATION_LINK);
		String click = token(links.click(lead, "https://northwind.example/guide"));
		HttpResponse<String> firstClick = send(new Case("first click", "GET", "/public/click?token=" + enc(click), null,
				BodyPublishers.noBody(), false, status -> true, null));
		assertThat(firstClick.statusCode()).isEqualTo(302);

		List<Case> cases = cases(lead, confirm, click);
		Map<String, Object> before = snapshot(lead);
		List<DynamicTest> tests = new ArrayList<>();
		for (Case hostile : cases) {
			tests.add(DynamicTest.dynamicTest(hostile.method() + " " + abbreviate(hostile.path()) + ": " + hostile.name(),
					() -> answer(hostile)));
		}
		tests.add(DynamicTest.dynamicTest("the database is unchanged", () -> assertThat(snapshot(lead))
				.as("row counts and the target lead after " + cases.size() + " hostile requests").isEqualTo(before)));
		return tests.stream();
	}

	/**
	 * Where free text is allowed (names, company, role, industry, an interaction's content), injection strings are
	 * just text: stored as given (every SQL parameter is bound), shown escaped in an email's HTML, and never
	 * evaluated as FreeMarker.
	 */
	@org.junit.jupiter.api.Test
	void injectionInFreeTextIsStoredAsTextAndNeverRunsAnywhere() throws IOException {
		String sql = "Robert'); DROP TABLE leads; --";
		String html = "<script>alert(1)</script>";
		String freemarker = "${7*7}<#assign x=\"freemarker.template.utility.Execute\"?new()>${x(\"id\")}";
		String brackets = "[=7*7]";
		String body = """
				{"email":"%s","firstName":"%s","lastName":"%s","company":"%s","jobTitle":"%s","industry":"%s",
				 "source":"webinar","consent":true}""".formatted(uniqueEmail("bobby"), jsonEscape(html), jsonEscape(sql),
				jsonEscape(freemarker), jsonEscape(brackets), jsonEscape("' OR '1'='1"));

		HttpResponse<String> captured = send(new Case("capture", "POST", "/api/leads", "application/json",
				BodyPublishers.ofString(body), true, CLIENT_ERROR.negate(), null));
		assertThat(captured.statusCode()).isEqualTo(201);
		String id = captured.body().replaceAll("(?s).*\"id\":\"([^\"]+)\".*", "$1");
		HttpResponse<String> interaction = send(new Case("interaction", "POST", "/api/leads/" + id + "/interactions",
				"application/json", BodyPublishers.ofString("{\"type\":\"CONTENT_DOWNLOADED\",\"content\":\""
						+ jsonEscape(sql + html) + "\"}"), true, CLIENT_ERROR.negate(), null));
		assertThat(interaction.statusCode()).isEqualTo(202);

		Map<String, Object> stored = jdbc.queryForMap("SELECT * FROM leads WHERE id = ?", id);
		assertThat(stored).containsEntry(column(stored, "first_name"), html).containsEntry(column(stored, "last_name"), sql)
				.containsEntry(column(stored, "company"), freemarker).containsEntry(column(stored, "job_title"), brackets)
				.containsEntry(column(stored, "industry"), "' OR '1'='1");
		assertThat(jdbc.queryForObject("SELECT content FROM interactions WHERE lead_id = ?", String.class, id))
				.isEqualTo(sql + html);
		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM leads WHERE id = ?", Long.class, id))
				.as("the leads table is still there, with one row for the lead").isEqualTo(1);

		HttpResponse<String> preview = send(new Case("preview", "POST", "/api/templates/welcome/preview",
				"application/json", BodyPublishers.ofString("{\"leadId\":\"" + id + "\"}"), true,
				CLIENT_ERROR.negate(), null));
		assertThat(preview.statusCode()).isEqualTo(200);
		JsonNode email = new ObjectMapper().readTree(preview.body());
		assertThat(email.get("html").asText()).as("the welcome email's HTML for the lead").doesNotContain(html)
				.contains("&lt;script&gt;alert(1)&lt;/script&gt;");
		assertThat(email.get("text").asText() + email.get("subject").asText() + email.get("html").asText())
				.as("nothing the lead typed is evaluated").doesNotContain("uid=");
		assertThat(email.get("text").asText()).as("the company, as typed, in the text part").contains(freemarker);
	}

	private static String column(Map<String, Object> row, String name) {
		return row.keySet().stream().filter(key -> key.equalsIgnoreCase(name)).findFirst().orElse(name);
	}

	private void answer(Case hostile) {
		HttpResponse<String> response = send(hostile);
		assertThat(response.statusCode()).as("status of " + hostile.name()).matches(hostile.expected(),
				"the expected answer");
		if (hostile.location() != null) {
			assertThat(response.headers().firstValue("Location")).hasValue(hostile.location());
		}
		if (CLIENT_ERROR.test(response.statusCode()) && hostile.path().startsWith("/api/") && !refusedByTomcat(hostile.path())) {
			assertThat(response.headers().firstValue("Content-Type")).as("the API answers with a problem")
					.hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
			assertThat(response.body()).contains("\"status\":" + response.statusCode()).doesNotContain("Exception");
		}
	}

	private List<Case> cases(String lead, String confirm, String click) {
		List<Case> cases = new ArrayList<>();
		Map<String, String> posts = new LinkedHashMap<>();
		posts.put("/api/leads", "{\"email\":\"%s\",\"source\":\"webinar\",\"consent\":true}".formatted(uniqueEmail("hostile")));
		posts.put("/api/leads/" + lead + "/interactions", "{\"type\":\"DEMO_REQUESTED\"}");
		posts.put("/api/leads/" + lead + "/stage", "{\"stage\":\"CUSTOMER\",\"cause\":\"signed\"}");
		posts.put("/api/email/bounces", "{\"email\":\"nobody@example.com\",\"type\":\"HARD_BOUNCE\"}");
		posts.put("/api/journeys/lead-journey/migrations", "{\"fromVersion\":1,\"dryRun\":false}");
		posts.put("/api/journeys/lead-journey/simulations", "{\"lead\":{\"email\":\"ada@example.com\"}}");
		posts.put("/api/templates/welcome/preview", "{\"sample\":\"complete-en\"}");

		for (String path : posts.keySet()) {
			for (String malformed : List.of("{", "not json", "{\"type\":", "[1,2", "{\"a\":1}}", "\"\\u00\"")) {
				cases.add(api("malformed JSON " + malformed, "POST", path, malformed));
			}
			cases.add(api("JSON nested 5000 deep", "POST", path, "[".repeat(5000) + "]".repeat(5000)));
			cases.add(api("a JSON array instead of an object", "POST", path, "[]"));
			if (!path.endsWith("/preview")) {
				// A preview needs no body (it renders the complete English sample lead); everything else does.
				cases.add(api("no body", "POST", path, ""));
				cases.add(api("JSON null", "POST", path, "null"));
			}
			cases.add(new Case("a 70 KiB body", "POST", path, "application/json",
					BodyPublishers.ofString("{\"email\":\"" + "a".repeat(70 * 1024) + "\"}"), true, status(413), null));
			cases.add(new Case("a 70 KiB body without Content-Length", "POST", path, "application/json",
					BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(
							("{\"content\":\"" + "a".repeat(70 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8))),
					true, status(413), null));
			cases.add(new Case("XML instead of JSON", "POST", path, "application/xml",
					BodyPublishers.ofString("<lead><email>a@example.com</email></lead>"), true, CLIENT_ERROR, null));
		}

		// Wrong types, and injection strings in every field of every body.
		cases.addAll(fields("/api/leads", """
				{"email":"%s","firstName":"Ada","lastName":"Lovelace","company":"AE","companySize":10,"jobTitle":"CTO",
				 "industry":"Software","phone":"+44 20 7946 0000","country":"GB","language":"en","timeZone":"Europe/London",
				 "source":"webinar","campaign":"spring","consent":true,"consentMethod":"FORM"}""".formatted(uniqueEmail("typed")),
				List.of("email", "phone", "country", "language", "timeZone", "source", "campaign", "consentMethod"),
				Map.of("companySize", List.of("\"many\"", "1e400", "99999999999", "-1", "[]"), "consent",
						List.of("\"maybe\"", "{}", "[true]", "null"), "email", List.of("123", "[]", "null"))));
		cases.addAll(fields("/api/leads/" + lead + "/interactions",
				"{\"type\":\"PAGE_VISITED\",\"url\":\"https://northwind.example/pricing\",\"content\":\"Pricing\","
						+ "\"idempotencyKey\":\"k-1\",\"occurredAt\":\"2026-01-01T00:00:00Z\"}",
				List.of("type", "url", "occurredAt"),
				Map.of("type", List.of("\"UNSUBSCRIBED\"", "\"RETURNED_BY_SALES\"", "1", "null"), "occurredAt",
						List.of("\"2999-01-01T00:00:00Z\"", "\"yesterday\"", "\"2026-13-45T99:99:99Z\"", "true"), "url",
						List.of("\"javascript:alert(1)\"", "\"//evil.example\""))));
		cases.addAll(fields("/api/leads/" + lead + "/stage", "{\"stage\":\"CUSTOMER\",\"cause\":\"Signed\"}",
				List.of("stage"), Map.of("stage", List.of("\"SAL\"", "\"MQL\"", "3", "null"), "cause",
						List.of("\"\"", "\"" + "x".repeat(501) + "\"", "[]"))));
		cases.addAll(fields("/api/email/bounces", "{\"email\":\"nobody@example.com\",\"type\":\"HARD_BOUNCE\",\"detail\":\"550\"}",
				List.of("email", "type"), Map.of("type", List.of("\"ERASED\"", "\"SOFT\"", "0"), "detail",
						List.of("\"" + "x".repeat(1001) + "\""))));
		cases.addAll(fields("/api/journeys/lead-journey/migrations",
				"{\"fromVersion\":1,\"toVersion\":2,\"dryRun\":false,\"mappings\":[{\"from\":\"A\",\"to\":\"B\"}]}",
				List.of(), Map.of("fromVersion", List.of("0", "-1", "\"one\""), "dryRun", List.of("\"no\"", "[]"),
						"mappings", List.of("{}", "\"all\"", "[{\"from\":\"\"}]"))));
		cases.add(api("a migration of an unknown journey", "POST", "/api/journeys/" + enc("' OR '1'='1") + "/migrations",
				"{\"dryRun\":false}"));
		cases.addAll(fields("/api/journeys/lead-journey/simulations",
				"{\"lead\":{\"email\":\"ada@example.com\",\"firstName\":\"Ada\"},\"consent\":\"CONFIRMED\","
						+ "\"reactions\":[{\"after\":\"P1D\",\"type\":\"EMAIL_CLICKED\"}],\"horizon\":\"P30D\"}",
				List.of("consent", "horizon"), Map.of("lead", List.of("{}", "\"ada\"", "{\"email\":\"not-an-address\"}"),
						"reactions", List.of("[{\"after\":\"soon\",\"type\":\"EMAIL_CLICKED\"}]",
								"[{\"after\":\"P1D\",\"type\":\"NO_SUCH_TYPE\"}]",
								"[" + "{\"after\":\"P1D\",\"type\":\"EMAIL_CLICKED\"},".repeat(300) + "{}]"),
						"version", List.of("0", "\"latest\"", "99999"))));
		cases.add(api("a simulation of an unknown journey", "POST", "/api/journeys/..%252F..%252Fetc/simulations",
				"{\"lead\":{\"email\":\"ada@example.com\"}}"));
		cases.addAll(fields("/api/templates/welcome/preview",
				"{\"sample\":\"complete-en\",\"subject\":\"Hello\"}", List.of("sample", "leadId"),
				Map.of("subject", List.of("\"<#assign x=\\\"freemarker.template.utility.Execute\\\"?new()>${x(\\\"id\\\")}\"",
						"\"${\\\"freemarker.template.utility.ObjectConstructor\\\"?new()(\\\"java.lang.ProcessBuilder\\\",\\\"id\\\")}\"",
						"\"${.data_model?api.getClass()}\"", "\"<#include \\\"/../../application.yml\\\">\"",
						"\"<#include \\\"../../../../etc/passwd\\\">\"", "\"${\"", "\"" + "x".repeat(501) + "\""),
						"lead", List.of("\"ada\"", "{\"firstName\":\"" + "x".repeat(301) + "\"}"), "leadId",
						List.of("\"unknown-lead\"", "\"" + "x".repeat(37) + "\""))));

		// Path traversal in template names, injection in path ids.
		for (String name : List.of("..%2F..%2Fetc%2Fpasswd", "..%252F..%252Fetc%252Fpasswd", "..", "%2e%2e",
				"layout", "WELCOME", "welcome%00", "welcome;jsessionid=x", "%3Cscript%3E", "a".repeat(101),
				"no-such-template")) {
			cases.add(api("template name " + name, "POST", "/api/templates/" + name + "/preview", "{}"));
		}
		for (String id : List.of("%27%20OR%20%271%27%3D%271", "..%2F..%2Fetc%2Fpasswd", "%3Cscript%3E", "x".repeat(300),
				"00000000-0000-0000-0000-000000000000")) {
			for (String part : List.of("", "/score", "/history", "/consent", "/emails", "/export")) {
				cases.add(new Case("lead id " + abbreviate(id), "GET", "/api/leads/" + id + part, null,
						BodyPublishers.noBody(), true, CLIENT_ERROR, null));
			}
			cases.add(new Case("erasing lead id " + abbreviate(id), "DELETE", "/api/leads/" + id, null,
					BodyPublishers.noBody(), true, CLIENT_ERROR, null));
			cases.add(api("interaction for lead id " + abbreviate(id), "POST", "/api/leads/" + id + "/interactions",
					"{\"type\":\"DEMO_REQUESTED\"}"));
		}
		cases.add(new Case("journey key injection", "GET", "/api/journeys/" + enc("' OR '1'='1"), null,
				BodyPublishers.noBody(), true, CLIENT_ERROR, null));
		cases.add(new Case("wrong method", "PUT", "/api/leads/" + lead, "application/json",
				BodyPublishers.ofString("{}"), true, CLIENT_ERROR, null));
		cases.add(new Case("SQL in the engine's sort", "GET", "/engine-rest/task?sortBy=" + enc("id;DROP TABLE leads")
				+ "&sortOrder=asc", null, BodyPublishers.noBody(), true, CLIENT_ERROR, null));

		// The public links: forged, expired, misused, replayed tokens, and open-redirect attempts.
		String signature = click.substring(click.indexOf('.'));
		String otherTarget = token(links.click(lead, "https://evil.example/"));
		Map<String, String> forged = new LinkedHashMap<>();
		forged.put("no token", null);
		forged.put("an empty token", "");
		forged.put("garbage", "garbage");
		forged.put("a forged signature", click.substring(0, click.indexOf('.')) + ".c2lnbmF0dXJl");
		forged.put("another link's signature", otherTarget.substring(0, otherTarget.indexOf('.')) + signature);
		forged.put("a token for another purpose", token(links.open(lead, "welcome-1")));
		forged.put("a token signed with another secret", signed("CLICK|" + lead + "|4102444800|https://evil.example/",
				"another-secret-that-is-long-enough-too"));
		forged.put("an expired confirmation", signed("CONFIRM|" + lead + "|1000000000|", secret));
		forged.put("a token of 5000 characters", "a".repeat(5000) + "." + "b".repeat(43));
		forged.put("SQL instead of a token", "' OR '1'='1");
		forged.put("a URL instead of a token", "https://evil.example");
		for (Map.Entry<String, String> token : forged.entrySet()) {
			String query = token.getValue() == null ? "" : "?token=" + enc(token.getValue());
			cases.add(pub(token.getKey(), "GET", "/public/confirm" + query));
			cases.add(pub(token.getKey(), "POST", "/public/confirm" + query));
			cases.add(pub(token.getKey(), "GET", "/public/unsubscribe" + query));
			cases.add(pub(token.getKey(), "POST", "/public/unsubscribe" + query));
			cases.add(pub(token.getKey(), "GET", "/public/click" + query));
		}
		cases.add(pub("a click link signed for a javascript: address", "GET", "/public/click?token="
				+ enc(signed("CLICK|" + lead + "|4102444800|javascript:alert(1)", secret))));
		cases.add(pub("a click link signed for a scheme-relative address", "GET", "/public/click?token="
				+ enc(signed("CLICK|" + lead + "|4102444800|//evil.example/", secret))));
		cases.add(new Case("an open redirect by an added parameter", "GET", "/public/click?token=" + enc(click)
				+ "&url=" + enc("https://evil.example/") + "&target=" + enc("https://evil.example/"), null,
				BodyPublishers.noBody(), false, status(302), "https://northwind.example/guide"));
		cases.add(new Case("a replayed click", "GET", "/public/click?token=" + enc(click), null, BodyPublishers.noBody(),
				false, status(302), "https://northwind.example/guide"));
		cases.add(new Case("a replayed confirmation", "POST", "/public/confirm?token=" + enc(confirm), null,
				BodyPublishers.noBody(), false, status(200), null));
		cases.add(new Case("a forged open pixel (the same image as ever, and no open)", "GET", "/public/open?token="
				+ enc(forged.get("a forged signature")), null, BodyPublishers.noBody(), false, status(200), null));
		cases.add(new Case("a path outside the API", "GET", "/public/../api/leads/" + lead, null, BodyPublishers.noBody(),
				false, CLIENT_ERROR, null));
		return cases;
	}

	/** Tomcat itself refuses encoded slashes and NUL in a path, before any filter of the application runs. */
	private static boolean refusedByTomcat(String path) {
		String where = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
		return where.contains("%2F") || where.contains("%2f") || where.contains("%00");
	}

	/** The valid body with each listed field, in turn, set to each injection string, and the wrong types given. */
	private static List<Case> fields(String path, String valid, List<String> formatted, Map<String, List<String>> wrong) {
		List<Case> cases = new ArrayList<>();
		for (String field : formatted) {
			for (String injection : INJECTIONS) {
				cases.add(api(field + " = " + abbreviate(injection), "POST", path,
						replace(valid, field, "\"" + jsonEscape(injection) + "\"")));
			}
		}
		wrong.forEach((field, values) -> values.forEach(
				value -> cases.add(api(field + " = " + abbreviate(value), "POST", path, replace(valid, field, value)))));
		return cases;
	}

	/** Sets a top-level field of a JSON object to a raw JSON value (added when the body lacks it). */
	private static String replace(String json, String field, String value) {
		String key = "\"" + field + "\":";
		int start = json.indexOf(key);
		if (start < 0) {
			return "{" + key + value + "," + json.substring(json.indexOf('{') + 1);
		}
		int from = start + key.length();
		int depth = 0;
		boolean inString = false;
		int end = from;
		for (; end < json.length(); end++) {
			char c = json.charAt(end);
			if (c == '"' && json.charAt(end - 1) != '\\') {
				inString = !inString;
			}
			else if (!inString && (c == '{' || c == '[')) {
				depth++;
			}
			else if (!inString && (c == '}' || c == ']')) {
				if (depth == 0) {
					break;
				}
				depth--;
			}
			else if (!inString && c == ',' && depth == 0) {
				break;
			}
		}
		return json.substring(0, from) + value + json.substring(end);
	}

	private static Case api(String name, String method, String path, String json) {
		return new Case(name, method, path, "application/json", BodyPublishers.ofString(json), true, CLIENT_ERROR, null);
	}

	private static Case pub(String name, String method, String path) {
		return new Case(name, method, path, null, BodyPublishers.noBody(), false, CLIENT_ERROR, null);
	}

	private static Predicate<Integer> status(int expected) {
		return status -> status == expected;
	}

	private HttpResponse<String> send(Case hostile) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + hostile.path()))
				.timeout(Duration.ofSeconds(30)).method(hostile.method(), hostile.body())
				// Counted as a client of its own by the public links' rate limit, so other tests keep theirs.
				.header("X-Forwarded-For", "198.51.100.77");
		if (hostile.contentType() != null) {
			request.header("Content-Type", hostile.contentType());
		}
		if (hostile.signedIn()) {
			request.header("Authorization", "Basic " + Base64.getEncoder()
					.encodeToString((MARKETING_USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)));
		}
		try {
			return client.send(request.build(), BodyHandlers.ofString());
		}
		catch (IOException e) {
			throw new AssertionError(hostile.name() + ": no answer (" + e + ")", e);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new AssertionError(e);
		}
	}

	private Map<String, Object> snapshot(String lead) {
		Map<String, Object> snapshot = new LinkedHashMap<>();
		for (String table : TABLES) {
			snapshot.put(table, jdbc.queryForObject("SELECT COUNT(*) FROM " + table, Long.class));
		}
		snapshot.put("the lead", jdbc.queryForMap("SELECT * FROM leads WHERE id = ?", lead).toString());
		snapshot.put("its score", jdbc.queryForMap("SELECT * FROM lead_scores WHERE lead_id = ?", lead).toString());
		snapshot.put("its consent", jdbc.queryForMap("SELECT * FROM consents WHERE lead_id = ?", lead).toString());
		return snapshot;
	}

	private static String signed(String payload, String key) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
			byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
			return encoder.encodeToString(bytes) + "." + encoder.encodeToString(mac.doFinal(bytes));
		}
		catch (GeneralSecurityException e) {
			throw new IllegalStateException(e);
		}
	}

	private static String token(String url) {
		return java.net.URLDecoder.decode(url.substring(url.indexOf("token=") + 6), StandardCharsets.UTF_8);
	}

	private static String enc(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	private static String jsonEscape(String value) {
		StringBuilder out = new StringBuilder();
		for (char c : value.toCharArray()) {
			if (c == '"' || c == '\\') {
				out.append('\\').append(c);
			}
			else if (c < 0x20) {
				out.append(String.format("\\u%04x", (int) c));
			}
			else {
				out.append(c);
			}
		}
		return out.toString();
	}

	private static String abbreviate(String value) {
		return value.length() > 60 ? value.substring(0, 57) + "..." : value;
	}
}
