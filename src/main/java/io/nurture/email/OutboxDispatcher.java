package io.nurture.email;

import java.io.UnsupportedEncodingException;
import java.lang.management.ManagementFactory;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPMessage;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPTransport;

import io.micrometer.core.instrument.Metrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.dao.DataAccessException;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.transaction.TransactionException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.nurture.consent.ConsentStatus;
import io.nurture.consent.Consents;
import io.nurture.lead.LeadNotFoundException;
import io.nurture.lead.Leads;
import io.nurture.lead.Whereabouts;
import io.nurture.links.PublicLinks;
import io.nurture.system.ConflictRetry;
import jakarta.annotation.PreDestroy;
import jakarta.mail.MessagingException;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

/**
 * Delivers due outbox emails over SMTP. A message is claimed before it is sent (its row locked, so the first node
 * wins), so two nodes never send it twice. Right before delivery it checks consent, the suppression list, the send
 * window and the frequency cap: a withdrawn consent or a bounced address suppresses the email, a closed window or a
 * full cap holds it back with the reason. A temporary refusal (SMTP 4xx) is retried with exponential backoff until
 * the attempts run out, an unreachable mail server for {@code retry-unreachable-for}; a permanent refusal of the
 * recipient (SMTP 5xx) fails that email alone. Every attempt is recorded with the server's answer.
 * <p>
 * A claim names the node and the time. A node that dies between claim and result leaves its email SENDING; once the
 * claim is older than {@code claim-timeout} the next run gives it back and sends it. That is a duplicate only if the
 * server had accepted the email in the moment before the node died: SMTP has no two-phase commit. The window is kept
 * to that moment (the result is written right after the server's reply, retried while the database is away), and
 * the email keeps its Message-ID on every attempt, so a receiver that drops repeated Message-IDs sees it once.
 */
@Component
public class OutboxDispatcher {

	private static final Pattern EMAIL_ADDRESS = Pattern.compile("[^\\s<>\"'(),;:]+@[^\\s<>\"'(),;:]+");
	private static final Logger log = LoggerFactory.getLogger(OutboxDispatcher.class);
	private static final int BATCH = 200;
	/**
	 * How many emails of one SMTP connection are claimed and checked in one transaction. Claiming them one by one cost
	 * a transaction and five statements per email. The last email of a chunk goes out some 20 emails after its check,
	 * a fraction of a second later.
	 */
	private static final int CLAIM_CHUNK = 20;
	/** How long the result of an accepted email is retried while the database is away, at most. */
	private static final Duration RECORD_RESULT_FOR = Duration.ofMinutes(2);

	static {
		// Jakarta Mail 2.1 looks up its stream provider with a ServiceLoader scan of the classpath for every body
		// part it creates (jakartaee/mail-api#699, #861); naming the provider skips the scan, many times faster.
		if (System.getProperty("jakarta.mail.util.StreamProvider") == null) {
			System.setProperty("jakarta.mail.util.StreamProvider", "org.eclipse.angus.mail.util.MailStreamProvider");
		}
	}

	private final OutboxRepository outbox;
	private final OutboxWrites writes;
	private final DeliveryAttemptRepository attempts;
	private final SuppressionRepository suppressions;
	private final JavaMailSenderImpl mailSender;
	private final Consents consents;
	private final Leads leads;
	private final SendTiming timing;
	private final PublicLinks links;
	private final MailSettings settings;
	private final TransactionTemplate transaction;
	private final ConflictRetry retry;
	private final Clock clock;
	private final ExecutorService workers;
	/** This node, in claims: the process and host, and a random part, since a restarted container has the same pid. */
	private final String node = ManagementFactory.getRuntimeMXBean().getName() + "/"
			+ UUID.randomUUID().toString().substring(0, 8);

	OutboxDispatcher(OutboxRepository outbox, OutboxWrites writes, DeliveryAttemptRepository attempts,
			SuppressionRepository suppressions, JavaMailSenderImpl mailSender, Consents consents, Leads leads,
			SendTiming timing, PublicLinks links, MailSettings settings, TransactionTemplate transaction,
			ConflictRetry retry, Clock clock) {
		this.outbox = outbox;
		this.writes = writes;
		this.attempts = attempts;
		this.suppressions = suppressions;
		this.mailSender = mailSender;
		if ("smtp".equals(mailSender.getProtocol()) || mailSender.getProtocol() == null) {
			mailSender.getJavaMailProperties().putIfAbsent("mail.smtp.socketFactory", new NoDelaySocketFactory());
			// Without timeouts a hung mail server holds the dispatch job, which runs on one node at a time, for ever.
			mailSender.getJavaMailProperties().putIfAbsent("mail.smtp.connectiontimeout", "10000");
			mailSender.getJavaMailProperties().putIfAbsent("mail.smtp.timeout", "60000");
			mailSender.getJavaMailProperties().putIfAbsent("mail.smtp.writetimeout", "60000");
			// The properties are read when the session is made: make it anew with the socket factory.
			mailSender.setJavaMailProperties(mailSender.getJavaMailProperties());
		}
		this.consents = consents;
		this.leads = leads;
		this.timing = timing;
		this.links = links;
		this.settings = settings;
		this.transaction = transaction;
		this.retry = retry;
		this.clock = clock;
		this.workers = Executors.newFixedThreadPool(settings.dispatchThreads(), runnable -> {
			Thread thread = new Thread(runnable, "outbox-dispatch");
			thread.setDaemon(true);
			return thread;
		});
	}

	/**
	 * Delivers everything due now, batch after batch, over {@code dispatch-threads} SMTP connections at once; returns
	 * how many emails went out. All emails of one lead go through the same connection, one after another, so that the
	 * frequency cap counts each of them; Quartz runs this on one node of a cluster at a time.
	 */
	public int dispatchDue() {
		int threads = settings.dispatchThreads();
		AtomicInteger sent = new AtomicInteger();
		List<Smtp> connections = IntStream.range(0, threads).mapToObj(i -> new Smtp()).toList();
		releaseExpiredClaims();
		try {
			List<OutboxMessage> due;
			do {
				due = outbox.findDue(clock.instant(), BATCH);
				Map<Integer, List<OutboxMessage>> byConnection = due.stream()
						.collect(Collectors.groupingBy(message -> Math.floorMod(message.leadId().hashCode(), threads)));
				List<CompletableFuture<Void>> work = byConnection.entrySet().stream()
						.map(share -> CompletableFuture.runAsync(() -> {
							Smtp smtp = connections.get(share.getKey());
							List<OutboxMessage> emails = share.getValue();
							for (int from = 0; from < emails.size(); from += CLAIM_CHUNK) {
								int to = Math.min(from + CLAIM_CHUNK, emails.size());
								sent.addAndGet(deliverOrRetry(emails.subList(from, to), smtp));
							}
						}, workers)).toList();
				CompletableFuture.allOf(work.toArray(CompletableFuture[]::new)).join();
			}
			while (due.size() == BATCH);
		}
		finally {
			connections.forEach(Smtp::close);
		}
		return sent.get();
	}

	/**
	 * Gives back the emails whose claim is older than the claim timeout: their node died (or lost the database) between
	 * claim and result. Each gets a RETRY attempt saying so, and goes out again in this run.
	 */
	private void releaseExpiredClaims() {
		Instant now = clock.instant();
		for (OutboxRepository.Claim claim : outbox.findClaimedBefore(now.minus(settings.claimTimeout()), BATCH)) {
			String reason = truncate("Claimed by " + claim.claimedBy() + " at " + claim.claimedAt()
					+ " and never finished (the node stopped mid-send); sent again with the same Message-ID");
			transaction.executeWithoutResult(status -> {
				if (outbox.release(claim, now, reason) == 1) {
					writes.insert(new DeliveryAttempt(null, claim.id(), now, DeliveryAttempt.Outcome.RETRY, reason));
				}
			});
			log.warn("Email {}: {}", claim.id(), reason);
		}
	}

	@PreDestroy
	void stop() {
		workers.shutdown();
	}

	/**
	 * Claims the emails and delivers the ones the checks allow, in order; returns how many went out. An email whose
	 * check failed for a reason of its own (its lead is gone, say) is not claimed and counts a failed attempt; a failed
	 * claim (the database is away) ends the run, as nothing was attempted.
	 */
	private int deliverOrRetry(List<OutboxMessage> emails, Smtp smtp) {
		Instant now = clock.instant();
		// A claim that lost a deadlock to another thread's claim (see OutboxRepository.lockPending) left nothing behind.
		Checked checked = retry.run(() -> transaction.execute(status -> claimAndCheck(emails, now)));
		int sent = 0;
		for (OutboxMessage message : emails) {
			MDC.put("leadId", message.leadId());
			try {
				RuntimeException failure = checked.failed().get(message.id());
				if (failure != null) {
					failed(message, failure, clock.instant());
				}
				else if (checked.claimed().contains(message.id()) && send(message, smtp, now)) {
					sent++;
				}
			}
			catch (RecordingFailed e) {
				// Sent, but not recorded: counting a failure would send it again now; the expired claim does so later.
			}
			finally {
				MDC.remove("leadId");
			}
		}
		return sent;
	}

	/** What the claim and the checks right before sending decided: the emails claimed, and the checks that failed. */
	private record Checked(Set<Long> claimed, Map<Long, RuntimeException> failed) {
	}

	/**
	 * Claims the emails and checks them in one transaction, so that an email is never left claimed by a check that
	 * suppressed or held it back, and the reads cost one query for all of them, not one per email. Consent is checked
	 * here, at the last moment before sending: an unsubscribe wins over anything still queued. Emails another run or
	 * node has, or that are done, are left alone.
	 */
	private Checked claimAndCheck(List<OutboxMessage> emails, Instant now) {
		Set<Long> pending = new HashSet<>(outbox.lockPending(emails.stream().map(OutboxMessage::id).toList()));
		List<OutboxMessage> claimable = emails.stream().filter(message -> pending.contains(message.id())).toList();
		if (claimable.isEmpty()) {
			return new Checked(Set.of(), Map.of());
		}
		Set<String> leadIds = claimable.stream().map(OutboxMessage::leadId).collect(Collectors.toSet());
		Lookups lookups = new Lookups(consents.statuses(leadIds),
				suppressions.of(claimable.stream().map(OutboxMessage::recipient).toList()),
				claimable.stream().anyMatch(message -> message.category() == EmailCategory.MARKETING)
						? leads.whereabouts(leadIds) : Map.of(), new HashMap<>());
		Set<Long> claimed = new LinkedHashSet<>();
		Map<Long, RuntimeException> failed = new HashMap<>();
		for (OutboxMessage message : claimable) {
			MDC.put("leadId", message.leadId());
			try {
				if (check(message, now, lookups)) {
					claimed.add(message.id());
				}
			}
			catch (DataAccessException e) {
				throw e;
			}
			catch (RuntimeException e) {
				failed.put(message.id(), e);
			}
			finally {
				MDC.remove("leadId");
			}
		}
		if (!claimed.isEmpty()) {
			outbox.markSending(claimed, node, now);
		}
		return new Checked(claimed, failed);
	}

	/**
	 * What the checks read for a chunk of emails: consents, suppressions and whereabouts, and the marketing emails
	 * allowed in this chunk so far, by lead, which the frequency cap counts beside the ones already sent.
	 */
	private record Lookups(Map<String, ConsentStatus> consents, Map<String, Suppression> suppressions,
			Map<String, Whereabouts> whereabouts, Map<String, List<Instant>> allowedNow) {
	}

	/** Whether the email may go out now; suppresses it or holds it back with the reason when not. */
	private boolean check(OutboxMessage message, Instant now, Lookups lookups) {
		if (!Outbox.allowedBy(lookups.consents().get(message.leadId()), message.category())) {
			outbox.suppress(message.id(), "Consent no longer allows this email");
			log.info("Email {} for lead {} suppressed: consent withdrawn", message.id(), message.leadId());
			return false;
		}
		Suppression suppressed = lookups.suppressions().get(message.recipient());
		if (suppressed != null) {
			outbox.suppress(message.id(), "Address suppressed: " + suppressed.reason());
			return false;
		}
		if (message.category() == EmailCategory.MARKETING) {
			Whereabouts whereabouts = lookups.whereabouts().get(message.leadId());
			if (whereabouts == null) {
				throw new LeadNotFoundException(message.leadId());
			}
			int cap = settings.frequencyCap().max();
			List<Instant> sent = new ArrayList<>(
					outbox.findMarketingSentSince(message.leadId(), now.minus(settings.frequencyCap().period()), cap));
			List<Instant> allowedNow = lookups.allowedNow().computeIfAbsent(message.leadId(), lead -> new ArrayList<>());
			sent.addAll(allowedNow);
			Optional<SendTiming.Hold> hold = timing.check(message.category(), message.sendWindow(),
					timing.zoneOf(whereabouts), sent.subList(Math.max(0, sent.size() - cap), sent.size()), now);
			if (hold.isPresent()) {
				outbox.hold(message.id(), hold.get().until(), hold.get().reason());
				log.debug("Email {} for lead {} held until {}: {}", message.id(), message.leadId(), hold.get().until(),
						hold.get().reason());
				return false;
			}
			allowedNow.add(now);
		}
		return true;
	}

	/**
	 * Sends a claimed email and records the result; a refusal, or a failure before the server has it, counts an
	 * attempt.
	 */
	private boolean send(OutboxMessage message, Smtp smtp, Instant now) {
		String reply;
		try {
			reply = smtp.send(mime(message));
		}
		catch (MessagingException | UnsupportedEncodingException | RuntimeException e) {
			failed(message, e, now);
			return false;
		}
		recordSent(message, now, reply);
		Metrics.counter("nurture.emails.sent", "category", message.category().name()).increment();
		log.debug("Email {} ({}) for lead {} sent", message.id(), message.template(), message.leadId());
		return true;
	}

	/**
	 * The server has the email: from here on a lost result means a duplicate later, so the result is retried while
	 * the database is away (restarting, failing over) instead of leaving the claim to expire. The email is updated
	 * before its attempt is added, the order in which an erasure locks ({@link Outbox#erase}): an email erased
	 * meanwhile is gone, and nothing is recorded for it. Package-private for the test that holds a recording open.
	 */
	void recordSent(OutboxMessage message, Instant now, String reply) {
		Instant giveUpAt = Instant.now().plus(RECORD_RESULT_FOR);
		for (long pause = 100;; pause = Math.min(pause * 2, 5000)) {
			try {
				boolean recorded = Boolean.TRUE.equals(transaction.execute(status -> {
					if (outbox.markSent(message.id(), clock.instant()) == 0) {
						return false;
					}
					writes.insert(
							new DeliveryAttempt(null, message.id(), now, DeliveryAttempt.Outcome.SENT, truncate(reply)));
					return true;
				}));
				if (!recorded) {
					erasedMeanwhile(message);
				}
				return;
			}
			catch (DataAccessException | TransactionException e) {
				if (Instant.now().isAfter(giveUpAt)) {
					log.error("Email {} was accepted by the mail server but could not be recorded as sent; it will be sent "
							+ "again after the claim timeout", message.id(), e);
					throw new RecordingFailed(e);
				}
				log.warn("Email {} was accepted by the mail server; recording it as sent failed, retrying ({})", message.id(),
						e.getMessage());
				sleep(pause);
			}
		}
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException interrupted) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while recording a sent email", interrupted);
		}
	}

	/** Recording an accepted email failed for good: the claim stays, and expires, rather than counting a failure. */
	private static final class RecordingFailed extends RuntimeException {

		RecordingFailed(Exception cause) {
			super(cause);
		}
	}

	private void failed(OutboxMessage message, Exception e, Instant now) {
		int code = returnCode(e);
		boolean permanent = code >= 500 && code < 600;
		int attempt = message.attempts() + 1;
		boolean giveUp = permanent || (unreachable(e, code) ? unreachableTooLong(message, now) : attempt >= settings.maxAttempts());
		String reply = truncate(code > 0 ? code + " " + rootMessage(e) : rootMessage(e));
		boolean recorded = Boolean.TRUE.equals(transaction.execute(status -> {
			if (outbox.markAttemptFailed(message.id(), giveUp ? "FAILED" : "PENDING", now.plus(backoff(attempt)), reply) == 0) {
				return false;
			}
			writes.insert(new DeliveryAttempt(null, message.id(), now,
					giveUp ? DeliveryAttempt.Outcome.FAILED : DeliveryAttempt.Outcome.RETRY, reply));
			return true;
		}));
		if (!recorded) {
			// Neither a failure to count nor an email to try again: it is gone with its lead.
			erasedMeanwhile(message);
			return;
		}
		if (giveUp) {
			Metrics.counter("nurture.emails.failed", "category", message.category().name()).increment();
		}
		log.warn("Email {} for lead {}: attempt {} failed ({}){}", message.id(), message.leadId(), attempt,
				withoutAddresses(reply), permanent ? ", refused for good" : giveUp ? ", giving up" : ", will retry");
	}

	/** The lead was erased while its email was being delivered: the email and its attempts are gone, as they should be. */
	private static void erasedMeanwhile(OutboxMessage message) {
		log.info("Email {} for lead {} was erased during its delivery; its result is not recorded", message.id(),
				message.leadId());
	}

	/** The mail server was not reached (refused, timed out, gone mid-conversation): no fault of this email. */
	private static boolean unreachable(Exception e, int code) {
		return code == 0 && e instanceof MessagingException;
	}

	private boolean unreachableTooLong(OutboxMessage message, Instant now) {
		Instant first = attempts.firstAttemptAt(message.id());
		return first != null && !first.plus(settings.retryUnreachableFor()).isAfter(now);
	}

	/** The SMTP reply code that refused the message, or 0 when the server was not reached. */
	private static int returnCode(Exception e) {
		for (Exception cause = e; cause != null; cause = cause instanceof MessagingException m ? m.getNextException() : null) {
			if (cause instanceof SMTPAddressFailedException address) {
				return address.getReturnCode();
			}
			if (cause instanceof SMTPSendFailedException send) {
				return send.getReturnCode();
			}
		}
		return 0;
	}

	private static String rootMessage(Exception e) {
		Throwable root = e;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		String text = String.valueOf(e.getMessage()).strip();
		return root == e ? text : text + " (" + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
	}

	/**
	 * The text with email addresses masked: SMTP replies quote the recipient ("550 5.1.1 &lt;ada@example.com&gt;: no
	 * such user"). The whole reply stays in email_attempts; the log names the email and the lead by id only.
	 */
	private static String withoutAddresses(String text) {
		return text == null ? null : EMAIL_ADDRESS.matcher(text).replaceAll("<address>");
	}

	private static String truncate(String text) {
		return text == null || text.length() <= 1000 ? text : text.substring(0, 1000);
	}

	private Duration backoff(int attempt) {
		Duration delay = settings.firstRetryDelay().multipliedBy(1L << Math.min(attempt - 1, 20));
		return delay.compareTo(settings.maxRetryDelay()) > 0 ? settings.maxRetryDelay() : delay;
	}

	private MimeMessage mime(OutboxMessage message) throws MessagingException, UnsupportedEncodingException {
		SMTPMessage mime = new SMTPMessage(mailSender.getSession()) {
			@Override
			protected void updateMessageID() throws MessagingException {
				setHeader("Message-ID", message.messageId());
			}
		};
		if (settings.bounceMailbox().enabled() && settings.bounceMailbox().username().contains("@")) {
			// Bounces go to the envelope sender: the mailbox the bounce reader watches.
			mime.setEnvelopeFrom(settings.bounceMailbox().username());
		}
		mime.setFrom(new InternetAddress(settings.from(), settings.fromName(), StandardCharsets.UTF_8.name()));
		mime.setReplyTo(new InternetAddress[] { new InternetAddress(settings.replyTo()) });
		mime.setRecipient(MimeMessage.RecipientType.TO, new InternetAddress(message.recipient()));
		mime.setSubject(message.subject(), StandardCharsets.UTF_8.name());
		mime.setSentDate(Date.from(clock.instant()));
		if (message.category() == EmailCategory.MARKETING) {
			String unsubscribe = links.unsubscribe(message.leadId());
			String token = unsubscribe.substring(unsubscribe.indexOf("token=") + 6);
			mime.setHeader("List-Unsubscribe", "<" + unsubscribe + ">, <mailto:" + settings.unsubscribeMailto()
					+ "?subject=" + URLEncoder.encode("unsubscribe " + token, StandardCharsets.UTF_8).replace("+", "%20") + ">");
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
		mime.saveChanges();
		return mime;
	}

	/** One SMTP connection for a whole dispatch run, opened on first use and dropped after any failure. */
	private final class Smtp implements AutoCloseable {

		private Transport transport;

		/** Hands the message to the server and returns its reply, such as "250 OK". */
		String send(MimeMessage mime) throws MessagingException {
			try {
				if (transport == null) {
					transport = mailSender.getSession().getTransport(
							mailSender.getProtocol() != null ? mailSender.getProtocol() : "smtp");
					transport.connect(mailSender.getHost(), mailSender.getPort(), mailSender.getUsername(),
							mailSender.getPassword());
				}
				transport.sendMessage(mime, mime.getAllRecipients());
				return transport instanceof SMTPTransport smtp ? smtp.getLastServerResponse() : "accepted";
			}
			catch (MessagingException e) {
				close();
				throw e;
			}
		}

		@Override
		public void close() {
			if (transport != null) {
				try {
					transport.close();
				}
				catch (MessagingException ignored) {
					// The connection is gone either way.
				}
				transport = null;
			}
		}
	}
}
