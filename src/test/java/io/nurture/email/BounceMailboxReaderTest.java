package io.nurture.email;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What the bounce mailbox reader takes for a hard bounce or a complaint, and what it leaves alone. */
class BounceMailboxReaderTest {

	@Test
	void aDeliveryStatusNotificationWithAPermanentFailureIsAHardBounce() {
		assertThat(BounceMailboxReader.parse(hardBounce("gone@example.com"))).hasValueSatisfying(report -> {
			assertThat(report.address()).isEqualTo("gone@example.com");
			assertThat(report.reason()).isEqualTo(Suppression.Reason.HARD_BOUNCE);
			assertThat(report.detail()).isEqualTo("Status 5.1.1: smtp; 550 5.1.1 <gone@example.com>: user unknown");
		});
	}

	@Test
	void aTemporaryFailureIsNoHardBounce() {
		assertThat(BounceMailboxReader.parse(hardBounce("full@example.com").replace("5.1.1", "4.2.2"))).isEmpty();
	}

	@Test
	void aFeedbackReportIsAComplaint() {
		String report = """
				From: fbl@provider.example
				To: bounces@northwind.example
				Subject: Abuse report
				MIME-Version: 1.0
				Content-Type: multipart/report; report-type=feedback-report; boundary="b"

				--b
				Content-Type: text/plain

				A user marked your email as spam.
				--b
				Content-Type: message/feedback-report

				Feedback-Type: abuse
				User-Agent: provider-fbl/1.0
				Version: 1
				Original-Rcpt-To: <annoyed@example.com>

				--b--
				""";

		assertThat(BounceMailboxReader.parse(report)).hasValueSatisfying(found -> {
			assertThat(found.address()).isEqualTo("annoyed@example.com");
			assertThat(found.reason()).isEqualTo(Suppression.Reason.COMPLAINT);
		});
	}

	@Test
	void anOrdinaryReplyIsLeftAlone() {
		assertThat(BounceMailboxReader.parse("From: ada@example.com\nSubject: Out of office\n\nBack on Monday.\n")).isEmpty();
	}

	/** A DSN (RFC 3464) as a receiving server sends it for an address that does not exist. */
	static String hardBounce(String address) {
		return """
				From: MAILER-DAEMON@mx.example.com
				To: bounces@northwind.example
				Subject: Undelivered Mail Returned to Sender
				MIME-Version: 1.0
				Content-Type: multipart/report; report-type=delivery-status; boundary="dsn"

				--dsn
				Content-Type: text/plain

				Your message could not be delivered to %1$s.
				--dsn
				Content-Type: message/delivery-status

				Reporting-MTA: dns; mx.example.com

				Final-Recipient: rfc822; %1$s
				Action: failed
				Status: 5.1.1
				Diagnostic-Code: smtp; 550 5.1.1 <%1$s>: user unknown

				--dsn--
				""".formatted(address);
	}
}
