package io.nurture.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.http.client.ClientHttpRequestFactorySettings.Redirects;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.util.HtmlUtils;

import com.fasterxml.jackson.databind.JsonNode;

import io.nurture.NurtureTest;
import io.nurture.consent.ConsentMethod;
import io.nurture.consent.ConsentStatus;
import io.nurture.consent.Consents;
import io.nurture.lead.Leads;
import io.nurture.lead.NewLead;
import io.nurture.scoring.Interaction;
import io.nurture.scoring.InteractionType;
import io.nurture.scoring.Scoring;
import jakarta.mail.BodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

/** Emails as a lead receives them, through a real SMTP server, and the links in them as a lead clicks them. */
public class EmailDeliveryTest extends NurtureTest {

	@Autowired
	Leads leads;
	@Autowired
	Consents consents;
	@Autowired
	Scoring scoring;
	@Autowired
	Outbox outbox;
	@Autowired
	TransactionTemplate transaction;

	@Test
	void theConfirmationEmailIsAPersonalMultipartEmailWithAConfirmLink() throws Exception {
		String email = uniqueEmail("ada");
		leads.capture(lead(email, "Ada", "Analytical Engines", true));

		MimeMessage message = awaitEmails(email, 1).get(0);

		assertThat(message.getSubject()).isNotBlank();
		assertThat(message.getFrom()[0].toString()).isEqualTo("Northwind Marketing <news@northwind.example>");
		assertThat(message.getReplyTo()[0].toString()).isEqualTo("hello@northwind.example");
		assertThat(message.getMessageID()).matches("<.+@northwind\\.example>");
		assertThat(message.getSentDate()).isNotNull();
		assertThat(message.getContentType()).startsWith("multipart/alternative");
		assertThat(text(message)).contains("Hi Ada,", "Analytical Engines").contains("/public/confirm?token=");
		assertThat(html(message)).contains("Ada").contains("/public/confirm?token=");
		assertThat(message.getHeader("List-Unsubscribe")).isNull();
	}

	@Test
	void confirmingThroughTheLinkStartsNurtureWithAnUnsubscribableWelcomeEmail() throws Exception {
		String email = uniqueEmail("grace");
		String leadId = leads.capture(lead(email, "Grace", "Cobol Systems", true)).lead().getId();
		String confirm = link(text(awaitEmails(email, 1).get(0)), "/public/confirm");

		ResponseEntity<String> page = http.getForEntity(confirm, String.class);
		assertThat(page.getBody()).contains("Confirm your subscription").contains("<button");
		assertThat(consents.status(leadId)).isEqualTo(ConsentStatus.REQUESTED);
		ResponseEntity<String> confirmed = http.postForEntity(confirm, null, String.class);

		assertThat(confirmed.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(confirmed.getBody()).contains("Subscription confirmed");
		assertThat(consents.status(leadId)).isEqualTo(ConsentStatus.CONFIRMED);
		MimeMessage welcome = awaitEmails(email, 2).get(1);
		assertThat(text(welcome)).contains("Hi Grace,").contains("/public/unsubscribe?token=").contains("/public/click?token=");
		assertThat(welcome.getHeader("List-Unsubscribe")[0]).contains("/public/unsubscribe?token=");
		assertThat(welcome.getHeader("List-Unsubscribe-Post")[0]).isEqualTo("List-Unsubscribe=One-Click");
	}

	@Test
	void theUnsubscribeLinkWithdrawsConsentAtOnce() throws Exception {
		String email = uniqueEmail("leave");
		String leadId = confirmedLead(email);
		String unsubscribe = link(text(awaitEmails(email, 2).get(1)), "/public/unsubscribe");

		assertThat(http.getForEntity(unsubscribe, String.class).getBody()).contains("Unsubscribe me");
		ResponseEntity<String> done = http.postForEntity(unsubscribe, null, String.class);

		assertThat(done.getBody()).contains("You are unsubscribed");
		assertThat(consents.status(leadId)).isEqualTo(ConsentStatus.WITHDRAWN);
		assertThat(consents.records(leadId)).last().satisfies(record -> assertThat(record.method())
				.isEqualTo(ConsentMethod.UNSUBSCRIBE_LINK));
		assertThat(engine.getRuntimeService().createProcessInstanceQuery().processInstanceBusinessKey(leadId).count())
				.isZero();
	}

	@Test
	void anEmailStillQueuedWhenTheLeadUnsubscribesIsNeverSent() throws Exception {
		String email = uniqueEmail("late");
		String leadId = confirmedLead(email);
		awaitEmails(email, 2);

		OutboxMessage queued = transaction.execute(status -> {
			OutboxMessage message = outbox.enqueue(leadId, "follow-up", EmailCategory.MARKETING, "test:" + leadId).orElseThrow();
			consents.withdraw(leadId);
			return message;
		});

		await().atMost(Duration.ofSeconds(10)).until(() -> status(leadId, queued.id()) == OutboxMessage.Status.SUPPRESSED);
		assertThat(MAIL.getReceivedMessagesForDomain(email)).hasSize(2);
	}

	@Test
	void noEmailAtAllGoesToALeadWithoutConsent() {
		String email = uniqueEmail("silent");
		String leadId = leads.capture(lead(email, "Sam", "Quiet Corp", false)).lead().getId();

		assertThat(outbox.of(leadId)).isEmpty();
		assertThat(outbox.enqueue(leadId, "welcome", EmailCategory.MARKETING, "test:" + leadId)).isEmpty();
		assertThat(MAIL.getReceivedMessagesForDomain(email)).isEmpty();
	}

	@Test
	void aSparseProfileGetsSensibleWordingAndNoBlanks() throws Exception {
		String email = uniqueEmail("anon");
		leads.capture(new NewLead(email, null, null, null, null, null, null, null, null, null, "newsletter", true));

		String text = text(awaitEmails(email, 1).get(0));

		assertThat(text).contains("Hello,").doesNotContain("null").doesNotContain("Hi ,");
	}

	@Test
	void whatALeadTypedNeverBecomesMarkupInTheHtmlPart() throws Exception {
		String email = uniqueEmail("mallory");
		leads.capture(lead(email, "<script>alert(1)</script>", "<b>Evil</b> Corp", true));

		String html = html(awaitEmails(email, 1).get(0));

		assertThat(html).doesNotContain("<script>alert(1)</script>").doesNotContain("<b>Evil</b>")
				.contains("&lt;script&gt;");
	}

	@Test
	void aClickOnATrackedLinkCountsAndLeadsToTheContent() throws Exception {
		String email = uniqueEmail("clicker");
		String leadId = confirmedLead(email, true);
		String click = link(text(awaitEmails(email, 2).get(1)), "/public/click");

		ResponseEntity<String> response = http.withRedirects(Redirects.DONT_FOLLOW).getForEntity(click, String.class);

		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.FOUND);
		assertThat(response.getHeaders().getLocation()).hasHost("northwind.example");
		assertThat(scoring.assessment(leadId).orElseThrow().engagementScore()).isEqualTo(3);
	}

	@Test
	void aTamperedLinkIsRefusedHarmlesslyAndChangesNothing() throws Exception {
		String email = uniqueEmail("tamper");
		String leadId = leads.capture(lead(email, "Tess", "Tamper Ltd", true)).lead().getId();
		String confirm = link(text(awaitEmails(email, 1).get(0)), "/public/confirm");
		String tampered = confirm.substring(0, confirm.length() - 3) + (confirm.endsWith("AAA") ? "BBB" : "AAA");

		ResponseEntity<String> response = http.postForEntity(tampered, null, String.class);

		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(response.getBody()).contains("not valid").doesNotContain("Exception");
		assertThat(consents.status(leadId)).isEqualTo(ConsentStatus.REQUESTED);
		assertThat(http.getForEntity("/public/unsubscribe?token=" + confirm.substring(confirm.indexOf('=') + 1),
				String.class).getStatusCode()).as("a confirmation token is no unsubscribe token")
				.isEqualTo(HttpStatus.BAD_REQUEST);
	}

	@Test
	void aOneClickUnsubscribeFromTheMailClientWorksAtOnceAndTheConsentProofTellsTheWholeStory() throws Exception {
		String email = uniqueEmail("one-click");
		ResponseEntity<JsonNode> captured = post("/api/leads", """
				{"email": "%s", "firstName": "Olga", "source": "whitepaper", "consent": true, "consentMethod": "FORM"}"""
				.formatted(email));
		String leadId = captured.getBody().get("id").asText();
		String confirm = link(text(awaitEmails(email, 1).get(0)), "/public/confirm");
		http.postForEntity(confirm, null, String.class);
		MimeMessage welcome = awaitEmails(email, 2).get(1);
		String header = welcome.getHeader("List-Unsubscribe")[0];
		assertThat(header).matches("<https?://[^>]+/public/unsubscribe\\?token=[^>]+>, <mailto:unsubscribe@northwind\\.example\\?subject=unsubscribe%20[^>]+>");
		URI uri = URI.create(header.substring(1, header.indexOf('>')));
		HttpHeaders headers = new HttpHeaders();
		headers.setContentType(MediaType.APPLICATION_FORM_URLENCODED);

		// RFC 8058: the mail client POSTs "List-Unsubscribe=One-Click" to the HTTPS address, without any page.
		ResponseEntity<String> response = http.postForEntity(uri.getRawPath() + "?" + uri.getRawQuery(),
				new HttpEntity<>("List-Unsubscribe=One-Click", headers), String.class);

		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(response.getBody()).contains("You are unsubscribed");
		assertThat(consents.status(leadId)).isEqualTo(ConsentStatus.WITHDRAWN);
		assertThat(engine.getRuntimeService().createProcessInstanceQuery().processInstanceBusinessKey(leadId).count())
				.isZero();
		JsonNode proof = get("/api/leads/" + leadId + "/consent").getBody();
		assertThat(proof.get("status").asText()).isEqualTo("WITHDRAWN");
		assertThat(proof.get("records").findValuesAsText("event")).containsExactly("REQUESTED", "CONFIRMED", "WITHDRAWN");
		assertThat(proof.get("records").findValuesAsText("method")).containsExactly("FORM", "CONFIRMATION_LINK", "ONE_CLICK");
		assertThat(proof.get("records").get(0).get("source").asText()).isEqualTo("whitepaper");
		assertThat(proof.get("records").get(0).get("consentText").asText()).startsWith("I agree to receive emails");
		assertThat(proof.get("records").get(0).get("category").asText()).isEqualTo("MARKETING");
	}

	@Test
	void theOpenPixelCountsTheFirstOpenOfEachEmailAndAnyTokenGetsTheSameImage() throws Exception {
		String email = uniqueEmail("opener");
		String leadId = confirmedLead(email, true);
		String pixel = htmlLink(html(awaitEmails(email, 2).get(1)), "/public/open");

		ResponseEntity<byte[]> first = http.getForEntity(pixel, byte[].class);
		ResponseEntity<byte[]> again = http.getForEntity(pixel, byte[].class);
		ResponseEntity<byte[]> tampered = http.getForEntity(pixel.replace("token=", "token=x"), byte[].class);
		ResponseEntity<byte[]> missing = http.getForEntity("/public/open", byte[].class);

		for (ResponseEntity<byte[]> response : List.of(first, again, tampered, missing)) {
			assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
			assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.IMAGE_GIF);
			assertThat(response.getBody()).isEqualTo(first.getBody());
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> opens(leadId) == 1);
		Thread.sleep(300);
		assertThat(opens(leadId)).isEqualTo(1);
	}

	@Test
	void withoutConsentToTrackingAClickStillLeadsToTheContentButNeitherItNorTheOpenIsRecorded() throws Exception {
		String email = uniqueEmail("untracked");
		String leadId = confirmedLead(email);
		MimeMessage welcome = awaitEmails(email, 2).get(1);
		int engagement = scoring.assessment(leadId).orElseThrow().engagementScore();

		ResponseEntity<String> click = http.withRedirects(Redirects.DONT_FOLLOW)
				.getForEntity(link(text(welcome), "/public/click"), String.class);
		ResponseEntity<byte[]> pixel = http.getForEntity(htmlLink(html(welcome), "/public/open"), byte[].class);

		assertThat(click.getStatusCode()).isEqualTo(HttpStatus.FOUND);
		assertThat(click.getHeaders().getLocation()).hasHost("northwind.example");
		assertThat(pixel.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(pixel.getHeaders().getContentType()).isEqualTo(MediaType.IMAGE_GIF);
		assertThat(scoring.interactions(leadId)).as("no open or click recorded without consent to tracking").isEmpty();
		assertThat(scoring.assessment(leadId).orElseThrow().engagementScore()).isEqualTo(engagement);

		// Once the lead gives its consent to tracking, the same link counts.
		consents.giveTracking(leadId, "preference-page", ConsentMethod.FORM);
		http.withRedirects(Redirects.DONT_FOLLOW).getForEntity(link(text(welcome), "/public/click"), String.class);
		assertThat(scoring.interactions(leadId)).extracting(Interaction::type).containsExactly(InteractionType.EMAIL_CLICKED);
	}

	@Test
	void aClickLinkLeadsOnlyToTheAddressInTheEmail() throws Exception {
		String email = uniqueEmail("redirect");
		confirmedLead(email);
		String click = link(text(awaitEmails(email, 2).get(1)), "/public/click");
		String token = click.substring(click.indexOf("token=") + 6);
		// The same payload (lead and address) under a signature the server never made.
		String forged = "/public/click?token=" + token.substring(0, token.indexOf('.')) + ".c2lnbmF0dXJl";

		ResponseEntity<String> response = http.withRedirects(Redirects.DONT_FOLLOW).getForEntity(forged, String.class);
		ResponseEntity<String> unknown = http.withRedirects(Redirects.DONT_FOLLOW)
				.getForEntity("/public/click?token=https%3A%2F%2Fevil.example", String.class);

		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(response.getHeaders().getLocation()).isNull();
		assertThat(unknown.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(unknown.getBody()).contains("not valid").doesNotContain("Exception").doesNotContain("evil");
	}

	@Test
	void everyEmailIsWellFormedAndReadableWithoutImages() throws Exception {
		String email = uniqueEmail("format");
		confirmedLead(email);

		for (MimeMessage message : awaitEmails(email, 2)) {
			String subject = message.getSubject();
			assertThat(message.getMessageID()).as(subject).matches("<[0-9a-f-]{36}@northwind\\.example>");
			assertThat(message.getSentDate()).as(subject).isNotNull();
			assertThat(message.getFrom()[0].toString()).as(subject).isEqualTo("Northwind Marketing <news@northwind.example>");
			assertThat(message.getReplyTo()[0].toString()).as(subject).isEqualTo("hello@northwind.example");
			assertThat(message.getContentType()).as(subject).startsWith("multipart/alternative");
			assertThat(subject).as("no shouting").isNotEqualTo(subject.toUpperCase()).doesNotContain("!!").doesNotContain("$$");
			String text = text(message);
			String html = html(message);
			assertThat(html).doesNotContainIgnoringCase("<script").doesNotContainIgnoringCase("<link ")
					.doesNotContainIgnoringCase("background-image");
			assertThat(Pattern.compile("<img(?![^>]*alt=)").matcher(html).find()).as("every image has alt text").isFalse();
			assertThat(similarity(words(text), words(html.replaceAll("(?s)<style.*?</style>|<[^>]+>", " "))))
					.as("the text part says what the HTML part says").isGreaterThan(0.8);
			assertThat(text).as("the postal address").contains("Hafenstrasse 12, 20457 Hamburg, Germany");
		}
	}

	@Test
	void spamAssassinFindsNothingToComplainAbout() throws Exception {
		Path spamassassin = Path.of("/usr/bin/spamassassin");
		assumeTrue(Files.isExecutable(spamassassin), "SpamAssassin is not installed (Debian: apt-get install spamassassin)");
		String email = uniqueEmail("spam-check");
		confirmedLead(email);

		for (MimeMessage message : awaitEmails(email, 2)) {
			ByteArrayOutputStream raw = new ByteArrayOutputStream();
			message.writeTo(raw);
			// -L: local tests only, no network lookups; -t: append the report of every rule that matched.
			Process check = new ProcessBuilder(spamassassin.toString(), "-L", "-t").redirectErrorStream(false).start();
			check.getOutputStream().write(raw.toByteArray());
			check.getOutputStream().close();
			String report = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			check.waitFor();
			Matcher status = Pattern.compile("X-Spam-Status: (\\w+), score=(-?[0-9.]+)").matcher(report);
			assertThat(status.find()).as("a spam status in\n" + report).isTrue();
			assertThat(status.group(1)).as(message.getSubject() + "\n" + report).isEqualTo("No");
			assertThat(Double.parseDouble(status.group(2))).as(message.getSubject() + "\n" + report).isLessThan(2.5);
		}
	}

	private int opens(String leadId) {
		return (int) scoring.ledger(leadId).stream().filter(entry -> entry.reason().equals("Opened an email")).count();
	}

	private static Set<String> words(String text) {
		return Arrays.stream(HtmlUtils.htmlUnescape(text).toLowerCase()
				.split("[^\\p{L}\\p{N}]+")).filter(word -> word.length() > 3).collect(Collectors.toSet());
	}

	private static double similarity(Set<String> text, Set<String> html) {
		Set<String> shared = new HashSet<>(text);
		shared.retainAll(html);
		return (double) shared.size() / Math.max(text.size(), html.size());
	}

	/** The path and query of the first address of the given public page in an HTML part. */
	public static String htmlLink(String html, String path) {
		Matcher matcher = Pattern.compile("https?://[^\"]+" + Pattern.quote(path) + "\\?token=[^\"]+").matcher(html);
		assertThat(matcher.find()).as("a link to " + path).isTrue();
		URI uri = URI.create(HtmlUtils.htmlUnescape(matcher.group()));
		return uri.getRawPath() + "?" + uri.getRawQuery();
	}

	private String confirmedLead(String email) throws Exception {
		return confirmedLead(email, false);
	}

	/** A lead that confirmed its subscription, and consented to tracking or not. */
	private String confirmedLead(String email, boolean tracking) throws Exception {
		NewLead data = lead(email, "Lin", "Lattice GmbH", true);
		String leadId = leads.capture(new NewLead(data.email(), data.firstName(), data.lastName(), data.company(),
				data.companySize(), data.jobTitle(), data.industry(), data.phone(), data.country(), data.language(),
				data.source(), true, null, ConsentMethod.FORM, null, tracking)).lead().getId();
		awaitEmails(email, 1);
		consents.confirm(leadId);
		return leadId;
	}

	private OutboxMessage.Status status(String leadId, long id) {
		return outbox.of(leadId).stream().filter(message -> message.id() == id).findFirst().orElseThrow().status();
	}

	private static NewLead lead(String email, String firstName, String company, boolean consent) {
		return new NewLead(email, firstName, "Tester", company, null, "Head of Marketing", "Software", "+49 40 123456", "DE",
				"en", "webinar", consent);
	}

	public static List<MimeMessage> awaitEmails(String address, int count) {
		await().atMost(Duration.ofSeconds(15)).until(() -> MAIL.getReceivedMessagesForDomain(address).length >= count);
		return Arrays.asList(MAIL.getReceivedMessagesForDomain(address));
	}

	static List<MimeMessage> received(String address) {
		return Arrays.asList(MAIL.getReceivedMessagesForDomain(address));
	}

	public static String text(MimeMessage message) throws Exception {
		return part(message, "text/plain");
	}

	public static String html(MimeMessage message) throws Exception {
		return part(message, "text/html");
	}

	private static String part(MimeMessage message, String type) throws Exception {
		MimeMultipart parts = (MimeMultipart) message.getContent();
		for (int i = 0; i < parts.getCount(); i++) {
			BodyPart part = parts.getBodyPart(i);
			if (part.isMimeType(type)) {
				return (String) part.getContent();
			}
		}
		throw new AssertionError("No " + type + " part in " + message.getSubject());
	}

	/** The path and query of the first link to the given public page, as the test server can call it. */
	public static String link(String text, String path) {
		Matcher matcher = Pattern.compile("https?://\\S+" + Pattern.quote(path) + "\\?token=[A-Za-z0-9%._=-]+").matcher(text);
		assertThat(matcher.find()).as("a link to " + path).isTrue();
		URI uri = URI.create(matcher.group());
		return uri.getRawPath() + "?" + uri.getRawQuery();
	}
}
