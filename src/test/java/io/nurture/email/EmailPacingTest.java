package io.nurture.email;

import static io.nurture.email.EmailDeliveryTest.awaitEmails;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.support.TransactionTemplate;

import com.fasterxml.jackson.databind.JsonNode;

import io.nurture.NurtureTest;
import io.nurture.consent.Consents;
import io.nurture.lead.Leads;
import io.nurture.lead.NewLead;

/** Marketing email at a pace that suits the lead: its own business hours, and no more than the frequency cap. */
class EmailPacingTest extends NurtureTest {

	@Autowired
	Leads leads;
	@Autowired
	Consents consents;
	@Autowired
	Outbox outbox;
	@Autowired
	OutboxRepository repository;
	@Autowired
	OutboxWrites writes;
	@Autowired
	TransactionTemplate transaction;

	/**
	 * A lead nurtured for long has many sent emails in the cap's period when the cap is generous; the check reads only
	 * as many as the cap allows, the latest, oldest first, so the hold still runs from the right one.
	 */
	@Test
	void theFrequencyCapReadsOnlyTheLatestEmailsItCounts() {
		String leadId = UUID.randomUUID().toString();
		Instant now = Instant.parse("2026-11-20T12:00:00Z");
		for (int daysAgo = 6; daysAgo >= 1; daysAgo--) {
			Instant sent = now.minus(Duration.ofDays(daysAgo));
			writes.insert(new OutboxMessage(null, "long-history:" + leadId + ":" + daysAgo, leadId, "follow-up",
					EmailCategory.MARKETING, "long-history@example.com", "Follow-up", "<p>Hi</p>", "Hi",
					OutboxMessage.Status.SENT, 1, sent, null, "<" + leadId + "." + daysAgo + "@example.com>", sent, sent,
					null, null));
		}

		assertThat(repository.findMarketingSentSince(leadId, now.minus(Duration.ofDays(7)), 2))
				.containsExactly(now.minus(Duration.ofDays(2)), now.minus(Duration.ofDays(1)));
		assertThat(repository.findMarketingSentSince(leadId, now.minus(Duration.ofDays(3)), 5))
				.as("fewer in the period than the cap: all of them").containsExactly(now.minus(Duration.ofDays(2)),
						now.minus(Duration.ofDays(1)));
	}

	@Test
	void anEmailOverTheFrequencyCapIsDelayedNotDroppedAndTheApiSaysWhy() {
		String email = uniqueEmail("capped");
		String leadId = confirmedLead(email, null);
		OutboxMessage welcome = awaitSent(leadId, "welcome");
		outbox.enqueue(leadId, "follow-up", EmailCategory.MARKETING, "cap-test:" + leadId + ":1");
		awaitEmails(email, 3);

		OutboxMessage third = outbox.enqueue(leadId, "follow-up", EmailCategory.MARKETING, "cap-test:" + leadId + ":2")
				.orElseThrow();

		await().atMost(Duration.ofSeconds(10)).until(() -> message(leadId, third.id()).heldReason() != null);
		OutboxMessage held = message(leadId, third.id());
		assertThat(held.status()).isEqualTo(OutboxMessage.Status.PENDING);
		assertThat(held.heldReason()).startsWith("Frequency cap: 2 marketing emails in 7 days already sent");
		assertThat(held.nextAttemptAt()).isEqualTo(welcome.sentAt().plus(Duration.ofDays(7)));
		ResponseEntity<JsonNode> api = get("/api/leads/" + leadId + "/emails");
		assertThat(api.getStatusCode()).isEqualTo(HttpStatus.OK);
		JsonNode shown = api.getBody().get(3);
		assertThat(shown.get("status").asText()).isEqualTo("PENDING");
		assertThat(shown.get("heldReason").asText()).contains("Frequency cap");
		assertThat(api.getBody().get(1).get("deliveryAttempts").get(0).get("smtpReply").asText()).startsWith("250");
		assertThat(EmailDeliveryTest.received(email)).hasSize(3);
	}

	/**
	 * Two marketing emails for one lead, due at the same moment, are claimed and checked together: the cap counts the
	 * first as it lets it through, so the second waits as if they had been sent one after the other.
	 */
	@Test
	void twoMarketingEmailsDueTogetherCountTowardsTheCapOneAfterTheOther() {
		String email = uniqueEmail("together");
		String leadId = confirmedLead(email, null);
		awaitSent(leadId, "welcome");

		List<OutboxMessage> both = transaction.execute(status -> List.of(
				outbox.enqueue(leadId, "follow-up", EmailCategory.MARKETING, "together:" + leadId + ":1").orElseThrow(),
				outbox.enqueue(leadId, "follow-up", EmailCategory.MARKETING, "together:" + leadId + ":2").orElseThrow()));

		await().atMost(Duration.ofSeconds(10)).until(() -> both.stream().map(queued -> message(leadId, queued.id()))
				.allMatch(now -> now.status() == OutboxMessage.Status.SENT || now.heldReason() != null));
		assertThat(message(leadId, both.get(0).id()).status()).isEqualTo(OutboxMessage.Status.SENT);
		OutboxMessage second = message(leadId, both.get(1).id());
		assertThat(second.status()).isEqualTo(OutboxMessage.Status.PENDING);
		assertThat(second.heldReason()).startsWith("Frequency cap: 2 marketing emails in 7 days already sent");
		assertThat(EmailDeliveryTest.received(email)).hasSize(3);
	}

	@Test
	void aMarketingEmailDueOutsideTheLeadsBusinessHoursWaitsForItsMorning() {
		ZoneId zone = zoneOutsideBusinessHours();
		String email = uniqueEmail("night-owl");
		String leadId = confirmedLead(email, zone.getId());
		awaitSent(leadId, "welcome");

		OutboxMessage queued = outbox.enqueue(leadId, "follow-up", EmailCategory.MARKETING, "window-test:" + leadId,
				null, "business-hours").orElseThrow();

		await().atMost(Duration.ofSeconds(10)).until(() -> message(leadId, queued.id()).heldReason() != null);
		OutboxMessage held = message(leadId, queued.id());
		ZonedDateTime opening = held.nextAttemptAt().atZone(zone);
		assertThat(held.status()).isEqualTo(OutboxMessage.Status.PENDING);
		assertThat(held.sendWindow()).isEqualTo("business-hours");
		assertThat(held.heldReason()).startsWith("Send window 'business-hours': waits for").endsWith("09:00 " + zone.getId());
		assertThat(opening.toLocalTime()).isEqualTo(LocalTime.of(9, 0));
		assertThat(opening.getDayOfWeek()).isNotIn(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY);
		assertThat(opening.toInstant()).isAfter(Instant.now());
		assertThat(EmailDeliveryTest.received(email)).hasSize(2);
		assertThat(get("/api/leads/" + leadId).getBody().get("timeZone").asText()).isEqualTo(zone.getId());
	}

	@Test
	void aTimeZoneThatIsNoIanaZoneOrAnUnknownConsentMethodIsRefusedNamingTheField() {
		ResponseEntity<JsonNode> response = post("/api/leads", """
				{"email": "%s", "source": "webinar", "consent": true, "timeZone": "CEST"}""".formatted(uniqueEmail("tz")));

		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(response.getBody().get("detail").asText()).contains("timeZone must be an IANA time zone id");
		ResponseEntity<JsonNode> method = post("/api/leads", """
				{"email": "%s", "source": "webinar", "consent": true, "consentMethod": "GUESSED"}""".formatted(uniqueEmail("tz")));
		assertThat(method.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(method.getBody().get("detail").asText()).isEqualTo("consentMethod must be FORM, IMPORT or API");
	}

	/** A zone where the window "business-hours" (Monday to Friday, 09:00 to 17:00) is closed now and for a while. */
	private static ZoneId zoneOutsideBusinessHours() {
		for (String id : List.of("Pacific/Kiritimati", "Asia/Tokyo", "Asia/Kolkata", "Europe/Berlin", "America/New_York",
				"Pacific/Honolulu")) {
			ZonedDateTime now = ZonedDateTime.now(ZoneId.of(id));
			if (outsideBusinessHours(now) && outsideBusinessHours(now.plusMinutes(5))) {
				return ZoneId.of(id);
			}
		}
		throw new IllegalStateException("Business hours everywhere at once");
	}

	private static boolean outsideBusinessHours(ZonedDateTime time) {
		boolean weekend = time.getDayOfWeek() == DayOfWeek.SATURDAY || time.getDayOfWeek() == DayOfWeek.SUNDAY;
		return weekend || time.getHour() < 9 || time.getHour() >= 17;
	}

	private String confirmedLead(String email, String timeZone) {
		String leadId = leads.capture(new NewLead(email, "Pia", "Pace", "Pace GmbH", null, "Analyst", "Software", null,
				"DE", "en", "webinar", true, timeZone)).lead().getId();
		awaitEmails(email, 1);
		consents.confirm(leadId);
		return leadId;
	}

	private OutboxMessage awaitSent(String leadId, String template) {
		await().atMost(Duration.ofSeconds(15)).until(() -> outbox.of(leadId).stream()
				.anyMatch(message -> message.template().equals(template) && message.status() == OutboxMessage.Status.SENT));
		return outbox.of(leadId).stream().filter(message -> message.template().equals(template)).findFirst().orElseThrow();
	}

	private OutboxMessage message(String leadId, long id) {
		return outbox.of(leadId).stream().filter(message -> message.id() == id).findFirst().orElseThrow();
	}
}
