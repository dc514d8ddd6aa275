package io.nurture.email;

import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.mail.MailException;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.stereotype.Component;

import io.nurture.consent.Consents;
import io.nurture.links.PublicLinks;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

/**
 * Delivers due outbox emails over SMTP. A message is claimed before it is sent, so two nodes never send it
 * twice; a failed attempt is retried with exponential backoff until the attempts run out. A message whose
 * sending was cut off mid-way stays claimed and is never sent again: at most once, never twice.
 */
@Component
public class OutboxDispatcher {

	private static final Logger log = LoggerFactory.getLogger(OutboxDispatcher.class);
	private static final int BATCH = 50;

	private final OutboxRepository outbox;
	private final JavaMailSenderImpl mailSender;
	private final Consents consents;
	private final PublicLinks links;
	private final MailSettings settings;
	private final Clock clock;

	OutboxDispatcher(OutboxRepository outbox, JavaMailSenderImpl mailSender, Consents consents, PublicLinks links,
			MailSettings settings, Clock clock) {
		this.outbox = outbox;
		this.mailSender = mailSender;
		this.consents = consents;
		this.links = links;
		this.settings = settings;
		this.clock = clock;
	}

	/** Delivers what is due now; returns how many emails went out. */
	public int dispatchDue() {
		int sent = 0;
		for (long id : outbox.findDue(clock.instant(), BATCH)) {
			if (outbox.claim(id) == 1 && deliver(outbox.findById(id).orElseThrow())) {
				sent++;
			}
		}
		return sent;
	}

	private boolean deliver(OutboxMessage message) {
		// Consent is checked again at the last moment: an unsubscribe wins over anything still queued.
		if (!Outbox.allowedBy(consents.status(message.leadId()), message.category())) {
			outbox.suppress(message.id(), "Consent no longer allows this email");
			log.info("Email {} for lead {} suppressed: consent withdrawn", message.id(), message.leadId());
			return false;
		}
		try {
			mailSender.send(mime(message));
			outbox.markSent(message.id(), clock.instant());
			log.info("Email {} ({}) for lead {} sent", message.id(), message.template(), message.leadId());
			return true;
		}
		catch (MailException | MessagingException | UnsupportedEncodingException e) {
			int attempt = message.attempts() + 1;
			boolean giveUp = attempt >= settings.maxAttempts();
			Instant next = clock.instant().plus(backoff(attempt));
			String error = String.valueOf(e.getMessage());
			outbox.markAttemptFailed(message.id(), giveUp ? "FAILED" : "PENDING", next,
					error.length() > 1000 ? error.substring(0, 1000) : error);
			log.warn("Email {} for lead {}: attempt {} of {} failed{}", message.id(), message.leadId(), attempt,
					settings.maxAttempts(), giveUp ? ", giving up" : ", will retry", e);
			return false;
		}
	}

	private Duration backoff(int attempt) {
		return settings.firstRetryDelay().multipliedBy(1L << Math.min(attempt - 1, 10));
	}

	private MimeMessage mime(OutboxMessage message) throws MessagingException, UnsupportedEncodingException {
		MimeMessage mime = new MimeMessage(mailSender.getSession()) {
			@Override
			protected void updateMessageID() throws MessagingException {
				setHeader("Message-ID", message.messageId());
			}
		};
		mime.setFrom(new InternetAddress(settings.from(), settings.fromName(), StandardCharsets.UTF_8.name()));
		mime.setReplyTo(new InternetAddress[] { new InternetAddress(settings.replyTo()) });
		mime.setRecipient(MimeMessage.RecipientType.TO, new InternetAddress(message.recipient()));
		mime.setSubject(message.subject(), StandardCharsets.UTF_8.name());
		mime.setSentDate(Date.from(clock.instant()));
		if (message.category() == EmailCategory.MARKETING) {
			mime.setHeader("List-Unsubscribe", "<" + links.unsubscribe(message.leadId()) + ">");
			mime.setHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
		}
		MimeBodyPart text = new MimeBodyPart();
		text.setText(message.textBody(), StandardCharsets.UTF_8.name(), "plain");
		MimeBodyPart html = new MimeBodyPart();
		html.setText(message.htmlBody(), StandardCharsets.UTF_8.name(), "html");
		MimeMultipart alternative = new MimeMultipart("alternative");
		alternative.addBodyPart(text);
		alternative.addBodyPart(html);
		mime.setContent(alternative);
		return mime;
	}
}
