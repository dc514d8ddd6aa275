package io.nurture.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.http.client.ClientHttpRequestFactorySettings.Redirects;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.support.TransactionTemplate;

import io.nurture.NurtureTest;
import io.nurture.consent.ConsentStatus;
import io.nurture.consent.Consents;
import io.nurture.lead.Leads;
import io.nurture.lead.NewLead;
import io.nurture.scoring.Scoring;
import jakarta.mail.BodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

/** Emails as a lead receives them, through a real SMTP server, and the links in them as a lead clicks them. */
class EmailDeliveryTest extends NurtureTest {

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
		String leadId = confirmedLead(email);
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

	private String confirmedLead(String email) throws Exception {
		String leadId = leads.capture(lead(email, "Lin", "Lattice GmbH", true)).lead().getId();
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

	static List<MimeMessage> awaitEmails(String address, int count) {
		await().atMost(Duration.ofSeconds(15)).until(() -> MAIL.getReceivedMessagesForDomain(address).length >= count);
		return Arrays.asList(MAIL.getReceivedMessagesForDomain(address));
	}

	static String text(MimeMessage message) throws Exception {
		return part(message, "text/plain");
	}

	static String html(MimeMessage message) throws Exception {
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
	static String link(String text, String path) {
		Matcher matcher = Pattern.compile("https?://\\S+" + Pattern.quote(path) + "\\?token=[A-Za-z0-9%._=-]+").matcher(text);
		assertThat(matcher.find()).as("a link to " + path).isTrue();
		URI uri = URI.create(matcher.group());
		return uri.getRawPath() + "?" + uri.getRawQuery();
	}
}
