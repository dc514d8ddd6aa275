package io.nurture.email;

import static io.nurture.email.EmailDeliveryTest.awaitEmails;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import com.fasterxml.jackson.databind.JsonNode;

import io.nurture.NurtureTest;
import io.nurture.consent.ConsentMethod;
import io.nurture.consent.ConsentStatus;
import io.nurture.consent.Consents;
import io.nurture.lead.Leads;
import io.nurture.lead.NewLead;
import io.nurture.scoring.Scoring;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

/** Hard bounces and complaints, from the bounce mailbox (GreenMail IMAP) and the webhook, suppress the address. */
class BouncesTest extends NurtureTest {

	@Autowired
	Leads leads;
	@Autowired
	Consents consents;
	@Autowired
	Outbox outbox;
	@Autowired
	Bounces bounces;
	@Autowired
	Scoring scoring;

	@Test
	void aHardBounceInTheBounceMailboxSuppressesTheAddressAndCountsAgainstTheLead() throws Exception {
		String email = uniqueEmail("bounced");
		String leadId = confirmedLead(email);
		awaitEmails(email, 2);

		deliverToBounceMailbox(BounceMailboxReaderTest.hardBounce(email));

		await().atMost(Duration.ofSeconds(15)).until(() -> bounces.suppression(email).isPresent());
		assertThat(bounces.suppression(email).orElseThrow().reason()).isEqualTo(Suppression.Reason.HARD_BOUNCE);
		assertThat(bounces.suppression(email).orElseThrow().detail()).contains("5.1.1");
		await().atMost(Duration.ofSeconds(10)).until(() -> scoring.ledger(leadId).stream()
				.anyMatch(entry -> entry.reason().equals("Email bounced (address unknown)")));

		OutboxMessage next = outbox.enqueue(leadId, "follow-up", EmailCategory.MARKETING, "bounce-test:" + leadId)
				.orElseThrow();
		await().atMost(Duration.ofSeconds(10))
				.until(() -> status(leadId, next.id()) == OutboxMessage.Status.SUPPRESSED);
		assertThat(EmailDeliveryTest.received(email)).hasSize(2);
	}

	@Test
	void aComplaintOnTheWebhookWithdrawsConsentAndSuppressesTheAddress() {
		String email = uniqueEmail("complainer");
		String leadId = confirmedLead(email);

		ResponseEntity<JsonNode> response = post("/api/email/bounces", """
				{"email": "%s", "type": "COMPLAINT", "detail": "abuse report from the provider"}""".formatted(email.toUpperCase()));

		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
		assertThat(response.getBody().get("newlySuppressed").asBoolean()).isTrue();
		assertThat(bounces.suppression(email).orElseThrow().source()).isEqualTo("WEBHOOK");
		assertThat(consents.status(leadId)).isEqualTo(ConsentStatus.WITHDRAWN);
		assertThat(post("/api/email/bounces", """
				{"email": "%s", "type": "COMPLAINT"}""".formatted(email)).getBody().get("newlySuppressed").asBoolean())
				.as("recorded once").isFalse();
	}

	@Test
	void theMailtoUnsubscribeOfListUnsubscribeWithdrawsConsentWhenItReachesTheMailbox() throws Exception {
		String email = uniqueEmail("mailto");
		String leadId = confirmedLead(email);
		String header = awaitEmails(email, 2).get(1).getHeader("List-Unsubscribe")[0];
		String mailto = header.substring(header.indexOf("<mailto:") + 8, header.lastIndexOf('>'));
		String subject = URLDecoder.decode(mailto.substring(mailto.indexOf("?subject=") + 9), StandardCharsets.UTF_8);

		// The mail client sends this email to the unsubscribe-mailto address, routed to the bounce mailbox.
		deliverToBounceMailbox("From: " + email + "\nTo: unsubscribe@northwind.example\nSubject: " + subject
				+ "\n\nThis message will request that you remove the address from the list.\n");

		await().atMost(Duration.ofSeconds(15)).until(() -> consents.status(leadId) == ConsentStatus.WITHDRAWN);
		assertThat(consents.records(leadId)).last()
				.satisfies(record -> assertThat(record.method()).isEqualTo(ConsentMethod.EMAIL_REQUEST));
	}

	@Test
	void theWebhookRefusesBadReportsNamingTheField() {
		ResponseEntity<JsonNode> badAddress = post("/api/email/bounces", "{\"email\": \"nobody\", \"type\": \"HARD_BOUNCE\"}");
		ResponseEntity<JsonNode> badType = post("/api/email/bounces", "{\"email\": \"a@example.com\", \"type\": \"SOFT\"}");

		assertThat(badAddress.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(badAddress.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(badAddress.getBody().get("detail").asText()).startsWith("email ");
		assertThat(badType.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(badType.getBody().get("detail").asText()).contains("type must be one of [HARD_BOUNCE, COMPLAINT]");
		assertThat(bounces.suppression("a@example.com")).isEmpty();
	}

	private String confirmedLead(String email) {
		String leadId = leads.capture(new NewLead(email, "Bo", "Bounce", "Bounce AG", null, null, null, null, "DE", "en",
				"webinar", true)).lead().getId();
		awaitEmails(email, 1);
		consents.confirm(leadId);
		return leadId;
	}

	private OutboxMessage.Status status(String leadId, long id) {
		return outbox.of(leadId).stream().filter(message -> message.id() == id).findFirst().orElseThrow().status();
	}

	private static void deliverToBounceMailbox(String raw) throws Exception {
		Properties properties = new Properties();
		properties.put("mail.smtp.host", "127.0.0.1");
		properties.put("mail.smtp.port", String.valueOf(MAIL.getSmtp().getPort()));
		Session session = Session.getInstance(properties);
		MimeMessage message = new MimeMessage(session, new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8)));
		Transport.send(message, new InternetAddress[] { new InternetAddress(BOUNCE_MAILBOX) });
	}
}
