package io.nurture.links;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import io.nurture.NurtureTest;
import io.nurture.consent.ConsentMethod;
import io.nurture.consent.ConsentStatus;
import io.nurture.consent.Consents;
import io.nurture.lead.Leads;
import io.nurture.lead.NewLead;

/**
 * The public links as an attacker meets them, over real HTTP: a client address or a single link that asks too often
 * is told to wait (429, Retry-After); a form posted from another site is refused; the pages forbid scripts, framing
 * and Referer; and a link of a lead that no longer exists looks exactly like one of a lead that does.
 */
class PublicLinkGuardTest extends NurtureTest {

	@LocalServerPort
	int port;
	@Autowired
	PublicLinks links;
	@Autowired
	Leads leads;
	@Autowired
	Consents consents;
	@Autowired
	JdbcTemplate jdbc;

	private final HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

	@Test
	void aClientAddressThatAsksTooOftenIsToldToWait() {
		String address = "203.0.113." + (1 + (int) (Math.random() * 250));
		List<Integer> statuses = new ArrayList<>();
		HttpResponse<String> last = null;
		// 120 a minute, refilled evenly: the bucket runs dry after 120 requests and whatever refilled meanwhile.
		while (statuses.size() < 400 && (last == null || last.statusCode() != 429)) {
			// A different (invalid) link each time: only the address is counted.
			last = send(HttpRequest.newBuilder(uri("/public/confirm?token=forged-" + statuses.size()))
					.header("X-Forwarded-For", address).GET());
			statuses.add(last.statusCode());
		}

		assertThat(last.statusCode()).as("the answer once the address asked too often").isEqualTo(429);
		assertThat(statuses.size() - 1).as("requests answered before").isGreaterThanOrEqualTo(120);
		assertThat(statuses.subList(0, statuses.size() - 1)).containsOnly(400);
		assertThat(last.headers().firstValue("Retry-After")).hasValueSatisfying(
				seconds -> assertThat(Long.parseLong(seconds)).isBetween(1L, 60L));
		assertThat(last.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(last.body()).contains("\"status\":429", "Too many requests");
		assertThat(send(HttpRequest.newBuilder(uri("/public/confirm?token=forged")).header("X-Forwarded-For",
				"203.0.113.251").GET()).statusCode()).as("another address").isEqualTo(400);
	}

	@Test
	void oneLinkThatIsReplayedOftenIsToldToWaitAndCountsOnce() {
		String leadId = lead();
		String click = links.click(leadId, "https://northwind.example/pricing");
		List<Integer> statuses = new ArrayList<>();
		HttpResponse<String> last = null;
		while (statuses.size() < 40 && (last == null || last.statusCode() != 429)) {
			last = send(HttpRequest.newBuilder(uri(click.substring(click.indexOf("/public/"))))
					.header("X-Forwarded-For", "192.0.2." + (statuses.size() + 1)).header("Accept", "text/html").GET());
			statuses.add(last.statusCode());
		}

		assertThat(last.statusCode()).isEqualTo(429);
		assertThat(statuses.size() - 1).as("uses of the link answered before").isGreaterThanOrEqualTo(10);
		assertThat(statuses.subList(0, statuses.size() - 1)).containsOnly(302);
		assertThat(last.headers().firstValue("Retry-After")).isPresent();
		assertThat(last.body()).as("a person gets a page").contains("<title>Too many requests</title>");
		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM interactions WHERE lead_id = ? AND type = 'EMAIL_CLICKED'",
				Long.class, leadId)).as("clicks counted for many uses of one link").isEqualTo(1);
	}

	@Test
	void aFormPostedFromAnotherSiteIsRefused() {
		String leadId = lead();
		String unsubscribe = links.unsubscribe(leadId);
		String path = unsubscribe.substring(unsubscribe.indexOf("/public/"));

		HttpResponse<String> crossSite = send(HttpRequest.newBuilder(uri(path)).header("Origin", "https://evil.example")
				.header("Accept", "text/html").POST(BodyPublishers.noBody()));
		assertThat(crossSite.statusCode()).isEqualTo(403);
		assertThat(consents.status(leadId)).isEqualTo(ConsentStatus.REQUESTED);

		HttpResponse<String> sandboxed = send(HttpRequest.newBuilder(uri(path)).header("Origin", "null")
				.POST(BodyPublishers.noBody()));
		assertThat(sandboxed.statusCode()).isEqualTo(403);
		assertThat(consents.status(leadId)).isEqualTo(ConsentStatus.REQUESTED);

		HttpResponse<String> ownPage = send(HttpRequest.newBuilder(uri(path)).header("Origin", "http://localhost:8080")
				.POST(BodyPublishers.noBody()));
		assertThat(ownPage.statusCode()).as("the page's own origin (nurture.links.base-url)").isEqualTo(200);
		assertThat(consents.status(leadId)).isEqualTo(ConsentStatus.WITHDRAWN);
	}

	@Test
	void thePagesForbidScriptsFramesAndReferers() {
		String confirm = links.confirmation(lead());
		HttpResponse<String> page = send(HttpRequest.newBuilder(uri(confirm.substring(confirm.indexOf("/public/")))).GET());

		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp -> assertThat(csp)
				.contains("default-src 'none'", "form-action 'self'", "frame-ancestors 'none'").doesNotContain("script-src"));
		assertThat(page.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
		assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
		assertThat(page.headers().firstValue("X-Frame-Options")).hasValue("DENY");
		assertThat(page.headers().firstValue("Cache-Control")).hasValueSatisfying(value -> assertThat(value).contains("no-store"));
		assertThat(page.body()).doesNotContain("<script");
	}

	@Test
	void aLinkOfAnErasedLeadLooksLikeAnyOther() {
		String known = lead();
		String unknown = UUID.randomUUID().toString();
		for (String lead : List.of(known, unknown)) {
			assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM leads WHERE id = ?", Long.class, lead))
					.isEqualTo(lead.equals(known) ? 1 : 0);
		}
		List<String> answers = new ArrayList<>();
		for (String lead : List.of(known, unknown)) {
			answers.add(answer("GET", links.confirmation(lead)));
			answers.add(answer("POST", links.confirmation(lead)));
			answers.add(answer("GET", links.unsubscribe(lead)));
			answers.add(answer("POST", links.unsubscribe(lead)));
			answers.add(answer("GET", links.click(lead, "https://northwind.example/guide")));
			answers.add(answer("GET", links.open(lead, "welcome-1")));
		}

		assertThat(answers.subList(6, 12)).as("answers for a lead that does not exist")
				.isEqualTo(answers.subList(0, 6));
	}

	/** Status, the headers a client could tell apart, and the body with the lead's own token taken out. */
	private String answer(String method, String url) {
		String path = url.substring(url.indexOf("/public/"));
		String token = URLDecoder.decode(path.substring(path.indexOf("token=") + 6), StandardCharsets.UTF_8);
		HttpResponse<String> response = send(HttpRequest.newBuilder(uri(path)).header("X-Forwarded-For", "192.0.2.200")
				.method(method, BodyPublishers.noBody()));
		return response.statusCode() + " " + response.headers().firstValue("Content-Type").orElse("") + " "
				+ response.headers().firstValue("Location").orElse("") + " "
				+ response.body().replace(token, "TOKEN").replace(URLEncoder.encode(token, StandardCharsets.UTF_8), "TOKEN")
						.replace(org.springframework.web.util.HtmlUtils.htmlEscape(token), "TOKEN");
	}

	/** A lead that agreed to emails and to tracking, so that its clicks count. */
	private String lead() {
		return leads.capture(new NewLead(uniqueEmail("guarded"), "Ada", "Lovelace", null, null, null, null, null, null,
				"en", "newsletter", true, null, ConsentMethod.FORM, null, true)).lead().getId();
	}

	private URI uri(String path) {
		return URI.create("http://127.0.0.1:" + port + path);
	}

	private HttpResponse<String> send(HttpRequest.Builder request) {
		try {
			return client.send(request.timeout(Duration.ofSeconds(30)).build(), BodyHandlers.ofString());
		}
		catch (IOException e) {
			throw new AssertionError(e);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new AssertionError(e);
		}
	}
}
