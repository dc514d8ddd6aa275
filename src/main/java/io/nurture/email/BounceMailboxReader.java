package io.nurture.email;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.nurture.consent.ConsentMethod;
import io.nurture.consent.Consents;
import io.nurture.links.LinkPurpose;
import io.nurture.links.LinkToken;
import io.nurture.links.PublicLinks;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.search.FlagTerm;

/**
 * Reads the bounce mailbox over IMAP: delivery status notifications (RFC 3464) with a permanent failure (status
 * 5.x.x) are hard bounces, feedback reports (RFC 5965, ARF) are complaints, and an email with the subject
 * "unsubscribe &lt;token&gt;" is the mailto unsubscribe of {@code List-Unsubscribe} (route the unsubscribe-mailto
 * address to this mailbox). Each is recorded and deleted; anything else (auto-replies, soft bounces) is marked read
 * and left for a person to look at.
 */
class BounceMailboxReader {

	private static final Logger log = LoggerFactory.getLogger(BounceMailboxReader.class);
	private static final Pattern FINAL_RECIPIENT = Pattern.compile("(?im)^Final-Recipient:\\s*rfc822;\\s*<?([^>\\s]+)>?");
	private static final Pattern STATUS = Pattern.compile("(?im)^Status:\\s*(\\d\\.\\d{1,3}\\.\\d{1,3})");
	private static final Pattern DIAGNOSTIC = Pattern.compile("(?im)^Diagnostic-Code:\\s*(.+)$");
	private static final Pattern FEEDBACK_TYPE = Pattern.compile("(?im)^Feedback-Type:\\s*(\\S+)");
	private static final Pattern ORIGINAL_RECIPIENT = Pattern.compile("(?im)^Original-Rcpt-To:\\s*<?([^>\\s]+)>?");

	private static final Pattern UNSUBSCRIBE = Pattern.compile("(?i)^\\s*unsubscribe\\s+(\\S+)\\s*$");

	private final MailSettings.BounceMailbox mailbox;
	private final Bounces bounces;
	private final PublicLinks links;
	private final Consents consents;

	BounceMailboxReader(MailSettings.BounceMailbox mailbox, Bounces bounces, PublicLinks links, Consents consents) {
		this.mailbox = mailbox;
		this.bounces = bounces;
		this.links = links;
		this.consents = consents;
	}

	/** A bounce or complaint found in one message. */
	record Report(String address, Suppression.Reason reason, String detail) {
	}

	/** Reads every unread message once; returns how many bounces and complaints it recorded. */
	int readOnce() throws MessagingException, IOException {
		Store store = Session.getInstance(new Properties()).getStore(mailbox.protocol());
		store.connect(mailbox.host(), mailbox.port(), mailbox.username(), mailbox.password());
		int recorded = 0;
		try {
			Folder inbox = store.getFolder("INBOX");
			inbox.open(Folder.READ_WRITE);
			try {
				for (Message message : inbox.search(new FlagTerm(new Flags(Flags.Flag.SEEN), false))) {
					Optional<Report> report = parse(raw(message));
					Optional<LinkToken> unsubscribe = unsubscribeRequest(message.getSubject());
					if (unsubscribe.isPresent()) {
						consents.withdraw(unsubscribe.get().leadId(), ConsentMethod.EMAIL_REQUEST);
						message.setFlag(Flags.Flag.DELETED, true);
						recorded++;
					}
					else if (report.isPresent()) {
						bounces.record(report.get().address(), report.get().reason(), report.get().detail(), "IMAP");
						message.setFlag(Flags.Flag.DELETED, true);
						recorded++;
					}
					else {
						message.setFlag(Flags.Flag.SEEN, true);
					}
				}
			}
			finally {
				inbox.close(true);
			}
		}
		finally {
			store.close();
		}
		if (recorded > 0) {
			log.info("Bounce mailbox: {} bounce(s), complaint(s) and unsubscribe request(s) recorded", recorded);
		}
		return recorded;
	}

	/** The signed unsubscribe token in a subject line "unsubscribe &lt;token&gt;", if it is one of ours. */
	Optional<LinkToken> unsubscribeRequest(String subject) {
		Matcher matcher = UNSUBSCRIBE.matcher(subject == null ? "" : subject);
		return matcher.matches() ? links.verify(matcher.group(1), LinkPurpose.UNSUBSCRIBE) : Optional.empty();
	}

	/** A hard bounce or complaint in a raw message; empty for anything else, soft bounces included. */
	static Optional<Report> parse(String raw) {
		Matcher feedback = FEEDBACK_TYPE.matcher(raw);
		Matcher original = ORIGINAL_RECIPIENT.matcher(raw);
		if (feedback.find() && original.find()) {
			return Optional.of(new Report(original.group(1), Suppression.Reason.COMPLAINT,
					"Feedback report: " + feedback.group(1)));
		}
		Matcher recipient = FINAL_RECIPIENT.matcher(raw);
		Matcher status = STATUS.matcher(raw);
		if (recipient.find() && status.find() && status.group(1).startsWith("5")) {
			Matcher diagnostic = DIAGNOSTIC.matcher(raw);
			String detail = "Status " + status.group(1) + (diagnostic.find() ? ": " + diagnostic.group(1).strip() : "");
			return Optional.of(new Report(recipient.group(1), Suppression.Reason.HARD_BOUNCE, detail));
		}
		return Optional.empty();
	}

	private static String raw(Message message) throws MessagingException, IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		message.writeTo(out);
		return out.toString(StandardCharsets.UTF_8);
	}
}
