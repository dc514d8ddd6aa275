package io.nurture.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.transaction.support.TransactionTemplate;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import io.nurture.MovableClock;
import io.nurture.NurtureTest;
import io.nurture.consent.Consents;
import io.nurture.lead.Leads;
import io.nurture.lead.NewLead;
import io.nurture.links.PublicLinks;
import io.nurture.system.ConflictRetry;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;

/**
 * The dispatcher against failures: an SMTP server that is down for a while, a recipient refused for good, and two
 * dispatchers (as on two engine nodes) racing over one outbox in one database. Each test runs its own dispatchers
 * against its own SMTP server with a backoff of milliseconds; the scheduled dispatcher is paused meanwhile.
 */
class OutboxDispatcherTest extends NurtureTest {

	private static final JobKey DISPATCH_JOB = JobKey.jobKey("outbox-dispatch", "email");

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
	DeliveryAttemptRepository attempts;
	@Autowired
	SuppressionRepository suppressions;
	@Autowired
	SendTiming timing;
	@Autowired
	PublicLinks links;
	@Autowired
	MailSettings settings;
	@Autowired
	TransactionTemplate transaction;
	@Autowired
	ConflictRetry retry;
	@Autowired
	Clock clock;
	@Autowired
	Scheduler scheduler;
	@Autowired
	JdbcTemplate jdbc;

	/** What the dispatchers log during a test. */
	private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
	private final Logger log = (Logger) LoggerFactory.getLogger(OutboxDispatcher.class);

	/** This node is the only one: in standby it fires no trigger, so only the test's dispatchers send. */
	@BeforeEach
	void pauseScheduledDispatcher() throws SchedulerException {
		scheduler.standby();
		await().atMost(Duration.ofSeconds(10)).until(() -> scheduler.getCurrentlyExecutingJobs().stream()
				.noneMatch(job -> job.getJobDetail().getKey().equals(DISPATCH_JOB)));
		logs.start();
		log.addAppender(logs);
	}

	@AfterEach
	void resumeScheduledDispatcher() throws SchedulerException {
		log.detachAppender(logs);
		scheduler.start();
	}

	@Test
	void emailsQueuedWhileTheMailServerIsDownGoOutOnceWhenItIsBack() throws Exception {
		GreenMail server = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
		server.start();
		int port = server.getSmtp().getPort();
		server.stop();
		OutboxDispatcher dispatcher = dispatcher(port);
		List<OutboxMessage> queued = IntStream.range(0, 5).mapToObj(i -> confirmationEmailOf(uniqueEmail("outage"))).toList();

		long downUntil = System.currentTimeMillis() + 1500;
		while (System.currentTimeMillis() < downUntil) {
			assertThat(dispatcher.dispatchDue()).isZero();
			Thread.sleep(50);
		}
		for (OutboxMessage message : queued) {
			OutboxMessage waiting = repository.findById(message.id()).orElseThrow();
			assertThat(waiting.status()).isEqualTo(OutboxMessage.Status.PENDING);
			assertThat(waiting.attempts()).isGreaterThanOrEqualTo(2);
			assertThat(attempts.findByOutboxIdOrderById(message.id()))
					.allSatisfy(attempt -> assertThat(attempt.outcome()).isEqualTo(DeliveryAttempt.Outcome.RETRY))
					.allSatisfy(attempt -> assertThat(attempt.smtpReply()).containsIgnoringCase("connect"));
		}

		GreenMail restarted = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
		restarted.start();
		try {
			await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
				dispatcher.dispatchDue();
				return queued.stream().allMatch(sent());
			});
			for (OutboxMessage message : queued) {
				assertThat(restarted.getReceivedMessagesForDomain(message.recipient())).hasSize(1);
				List<DeliveryAttempt> tries = attempts.findByOutboxIdOrderById(message.id());
				assertThat(tries.get(tries.size() - 1).outcome()).isEqualTo(DeliveryAttempt.Outcome.SENT);
				assertThat(tries.get(tries.size() - 1).smtpReply()).startsWith("250");
				assertThat(tries).filteredOn(attempt -> attempt.outcome() == DeliveryAttempt.Outcome.SENT).hasSize(1);
			}
			dispatcher.dispatchDue();
			assertThat(Arrays.stream(restarted.getReceivedMessages()).map(OutboxDispatcherTest::messageId).toList())
					.doesNotHaveDuplicates();
		}
		finally {
			restarted.stop();
		}
	}

	@Test
	void aMailServerDownForHoursDelaysEmailsButLosesNone() throws Exception {
		GreenMail server = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
		server.start();
		int port = server.getSmtp().getPort();
		server.stop();
		// The production retry schedule (30 s doubling, at most 15 min apart, 8 attempts), on a clock the test moves.
		MovableClock time = new MovableClock(clock.instant());
		OutboxDispatcher dispatcher = dispatcher(port, MailSettingsFixture.defaults(), time);
		List<OutboxMessage> queued = IntStream.range(0, 3).mapToObj(i -> confirmationEmailOf(uniqueEmail("hours"))).toList();

		for (int minute = 0; minute < 180; minute++) {
			assertThat(dispatcher.dispatchDue()).isZero();
			time.advance(Duration.ofMinutes(1));
		}
		for (OutboxMessage message : queued) {
			OutboxMessage waiting = repository.findById(message.id()).orElseThrow();
			assertThat(waiting.status()).isEqualTo(OutboxMessage.Status.PENDING);
			assertThat(waiting.attempts()).isGreaterThan(MailSettingsFixture.defaults().maxAttempts());
		}

		GreenMail restarted = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
		restarted.start();
		try {
			time.advance(Duration.ofMinutes(15));
			dispatcher.dispatchDue();
			dispatcher.dispatchDue();
			assertThat(queued).allMatch(sent());
			for (OutboxMessage message : queued) {
				assertThat(restarted.getReceivedMessagesForDomain(message.recipient())).singleElement()
						.satisfies(received -> assertThat(received.getMessageID()).isEqualTo(message.messageId()));
			}
		}
		finally {
			restarted.stop();
		}
	}

	@Test
	void aMailServerUnreachableLongerThanTheRetryPeriodFailsTheEmail() throws Exception {
		GreenMail server = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
		server.start();
		int port = server.getSmtp().getPort();
		server.stop();
		MovableClock time = new MovableClock(clock.instant());
		MailSettings oneHour = MailSettingsFixture.withRetryUnreachableFor(MailSettingsFixture.defaults(), Duration.ofHours(1));
		OutboxDispatcher dispatcher = dispatcher(port, oneHour, time);
		OutboxMessage message = confirmationEmailOf(uniqueEmail("given-up"));

		for (int minute = 0; minute < 90; minute++) {
			dispatcher.dispatchDue();
			time.advance(Duration.ofMinutes(1));
		}

		OutboxMessage failed = repository.findById(message.id()).orElseThrow();
		assertThat(failed.status()).isEqualTo(OutboxMessage.Status.FAILED);
		assertThat(attempts.findByOutboxIdOrderById(message.id())).last()
				.satisfies(attempt -> assertThat(attempt.outcome()).isEqualTo(DeliveryAttempt.Outcome.FAILED))
				.satisfies(attempt -> assertThat(attempt.attemptedAt()).isAfterOrEqualTo(
						attempts.firstAttemptAt(message.id()).plus(Duration.ofHours(1))));
	}

	@Test
	void anEmailWhoseNodeDiedMidSendGoesOutOnceWhenItsClaimExpires() throws Exception {
		GreenMail server = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
		server.start();
		try {
			OutboxMessage orphaned = confirmationEmailOf(uniqueEmail("orphaned"));
			OutboxMessage inFlight = confirmationEmailOf(uniqueEmail("in-flight"));
			// A node claimed the first email a minute ago and was killed; another node claimed the second just now.
			assertThat(repository.markSending(List.of(orphaned.id()), "4711@killed-node/0badc0de",
					clock.instant().minusSeconds(60))).isOne();
			assertThat(repository.markSending(List.of(inFlight.id()), "4712@live-node/600dc0de", clock.instant()))
					.isOne();
			OutboxDispatcher dispatcher = dispatcher(server.getSmtp().getPort(),
					MailSettingsFixture.withClaimTimeout(settings, Duration.ofSeconds(30)), clock);

			assertThat(dispatcher.dispatchDue()).isOne();
			assertThat(dispatcher.dispatchDue()).isZero();

			assertThat(repository.findById(orphaned.id()).orElseThrow().status()).isEqualTo(OutboxMessage.Status.SENT);
			assertThat(server.getReceivedMessagesForDomain(orphaned.recipient())).singleElement()
					.satisfies(received -> assertThat(received.getMessageID()).isEqualTo(orphaned.messageId()));
			assertThat(attempts.findByOutboxIdOrderById(orphaned.id()))
					.extracting(DeliveryAttempt::outcome)
					.containsExactly(DeliveryAttempt.Outcome.RETRY, DeliveryAttempt.Outcome.SENT);
			assertThat(attempts.findByOutboxIdOrderById(orphaned.id()).get(0).smtpReply())
					.contains("4711@killed-node/0badc0de").contains("never finished");
			// The live node's claim is younger than the timeout: nobody else touches that email.
			assertThat(repository.findById(inFlight.id()).orElseThrow().status()).isEqualTo(OutboxMessage.Status.SENDING);
			assertThat(server.getReceivedMessagesForDomain(inFlight.recipient())).isEmpty();
			repository.markSent(inFlight.id(), clock.instant());
		}
		finally {
			server.stop();
		}
	}

	@Test
	void aRecipientRefusedForGoodFailsOnlyItsOwnEmailAtOnce() throws Exception {
		try (RefusingSmtpServer server = new RefusingSmtpServer("gone-")) {
			OutboxMessage refused = confirmationEmailOf(uniqueEmail("gone-"));
			OutboxMessage accepted = confirmationEmailOf(uniqueEmail("still-here"));

			dispatcher(server.port()).dispatchDue();

			// The SMTP reply quotes the address: kept as the attempt's proof, masked in the log.
			assertThat(logs.list).extracting(ILoggingEvent::getFormattedMessage)
					.anySatisfy(line -> assertThat(line).contains("Email " + refused.id(), "550 5.1.1 <<address>>"))
					.noneSatisfy(line -> assertThat(line).contains(refused.recipient()));

			OutboxMessage failed = repository.findById(refused.id()).orElseThrow();
			assertThat(failed.status()).isEqualTo(OutboxMessage.Status.FAILED);
			assertThat(failed.attempts()).isEqualTo(1);
			assertThat(failed.lastError()).startsWith("550").contains("mailbox does not exist", refused.recipient());
			assertThat(attempts.findByOutboxIdOrderById(refused.id())).singleElement()
					.satisfies(attempt -> assertThat(attempt.outcome()).isEqualTo(DeliveryAttempt.Outcome.FAILED));
			assertThat(repository.findById(accepted.id()).orElseThrow().status()).isEqualTo(OutboxMessage.Status.SENT);
			assertThat(server.accepted).contains(accepted.recipient()).doesNotContain(refused.recipient());
		}
	}

	/**
	 * A check right before sending fails (here the lead's row is gone while its consent and email are still there):
	 * the email is neither sent nor left claimed; it counts a failed attempt that names the cause, and waits for the
	 * next one. Another lead's email, claimed and checked in the same chunk, goes out.
	 */
	@Test
	void anEmailWhoseCheckBeforeSendingFailsIsNeitherSentNorLeftClaimed() throws Exception {
		OutboxMessage confirmation = confirmationEmailOf(uniqueEmail("vanished"));
		String leadId = confirmation.leadId();
		consents.confirm(leadId);
		OutboxMessage welcome = outbox.enqueue(leadId, "welcome", EmailCategory.MARKETING, "check-fails:" + leadId)
				.orElseThrow();
		jdbc.update("DELETE FROM lead_sources WHERE lead_id = ?", leadId);
		jdbc.update("DELETE FROM lead_stage_changes WHERE lead_id = ?", leadId);
		jdbc.update("DELETE FROM leads WHERE id = ?", leadId);
		OutboxMessage neighbour = confirmationEmailOf(uniqueEmail("neighbour"));

		dispatcher(MAIL.getSmtp().getPort(), MailSettingsFixture.withOneConnection(
				MailSettingsFixture.withRetries(settings, Duration.ofMillis(100), 50)), clock).dispatchDue();

		OutboxMessage after = repository.findById(welcome.id()).orElseThrow();
		assertThat(after.status()).isEqualTo(OutboxMessage.Status.PENDING);
		assertThat(after.attempts()).isOne();
		assertThat(after.lastError()).contains("No lead with id " + leadId);
		assertThat(attempts.findByOutboxIdOrderById(welcome.id())).singleElement()
				.satisfies(attempt -> assertThat(attempt.outcome()).isEqualTo(DeliveryAttempt.Outcome.RETRY));
		assertThat(MAIL.getReceivedMessages()).noneSatisfy(message -> assertThat(
				message.getRecipients(Message.RecipientType.TO)[0].toString()).isEqualTo(welcome.recipient()));
		assertThat(repository.findById(neighbour.id()).orElseThrow().status()).isEqualTo(OutboxMessage.Status.SENT);
		assertThat(MAIL.getReceivedMessages()).anySatisfy(message -> assertThat(
				message.getRecipients(Message.RecipientType.TO)[0].toString()).isEqualTo(neighbour.recipient()));
	}

	/**
	 * What operators watch (nurture_emails_failed_total, docs/operations.md): every email a mail server refuses for
	 * good counts once under its category, an accepted one does not, and no figure names an address.
	 */
	@Test
	void emailsRefusedForGoodAreCountedAsFailedAndTheFiguresNameNoAddress() throws Exception {
		try (RefusingSmtpServer server = new RefusingSmtpServer("gone-")) {
			List<OutboxMessage> refused = IntStream.range(0, 3).mapToObj(i -> confirmationEmailOf(uniqueEmail("gone-")))
					.toList();
			OutboxMessage accepted = confirmationEmailOf(uniqueEmail("still-here"));
			String before = prometheus();

			dispatcher(server.port()).dispatchDue();

			String after = prometheus();
			assertThat(refused).allSatisfy(email -> assertThat(repository.findById(email.id()).orElseThrow().status())
					.isEqualTo(OutboxMessage.Status.FAILED));
			assertThat(repository.findById(accepted.id()).orElseThrow().status()).isEqualTo(OutboxMessage.Status.SENT);
			assertThat(metric(after, "nurture_emails_failed_total", "category", "OPT_IN"))
					.isEqualTo(metric(before, "nurture_emails_failed_total", "category", "OPT_IN") + refused.size());
			assertThat(after.lines().filter(line -> line.startsWith("nurture_emails_failed_total{"))).isNotEmpty()
					.allMatch(line -> line.matches("nurture_emails_failed_total\\{category=\"[A-Z_]+\"} \\S+"));
			// The test's own HTTP client reports the URLs it called (http_client_requests); the server's figures may not.
			assertThat(after.lines().filter(line -> !line.startsWith("http_client_requests")))
					.noneMatch(line -> line.contains("@"));
		}
	}

	/**
	 * The mail server has the email and has not answered yet when the lead is erased: the erasure goes through, the
	 * dispatcher finds nothing left to record its result on, says so by ids, and goes on at once.
	 */
	@Test
	void aLeadErasedWhileTheMailServerHasItsEmailLeavesNothingBehindAndTheDispatcherGoesOn() throws Exception {
		try (RefusingSmtpServer server = new RefusingSmtpServer("gone-")) {
			OutboxMessage email = confirmationEmailOf(uniqueEmail("erased-mid-send"));
			server.holdReplyTo(email.recipient());
			// The SMTP read timeout is longer than the erasure can take: the server's late answer is what this is about.
			OutboxDispatcher dispatcher = dispatcher(server.port(), MailSettingsFixture.withRetries(settings,
					Duration.ofMillis(100), 50), clock, Duration.ofSeconds(60));
			CompletableFuture<Integer> dispatching = CompletableFuture.supplyAsync(dispatcher::dispatchDue);
			assertThat(server.awaitHolding()).as("the mail server has the email").isTrue();
			assertThat(repository.findById(email.id()).orElseThrow().status()).isEqualTo(OutboxMessage.Status.SENDING);

			ResponseEntity<Void> erased = erase(email.leadId());
			server.release();

			assertThat(erased.getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
			// Before the fix the dispatch run failed here: the attempt it recorded had no email left (a foreign key).
			dispatching.get(30, TimeUnit.SECONDS);
			assertThat(server.accepted).contains(email.recipient());
			assertThat(outbox.of(email.leadId())).isEmpty();
			assertThat(repository.findById(email.id())).isEmpty();
			assertThat(attempts.findByOutboxIdOrderById(email.id())).isEmpty();
			assertThat(logs.list).extracting(ILoggingEvent::getFormattedMessage)
					.anySatisfy(line -> assertThat(line).contains("Email " + email.id(), email.leadId(), "erased"))
					.noneSatisfy(line -> assertThat(line).contains("retrying"))
					.noneSatisfy(line -> assertThat(line).contains(email.recipient()));
		}
	}

	/**
	 * The reported race: the dispatcher records a sent email (the email, then its attempt) in a transaction still
	 * open when the lead is erased. The erasure waits for it and erases what it recorded; it used to delete the
	 * attempts, then fail on the email with the attempt added meanwhile (a foreign key violation, a 500).
	 */
	@Test
	void anErasureWhileTheDispatcherRecordsASendWaitsAndErasesWhatWasRecorded() throws Exception {
		OutboxMessage email = confirmationEmailOf(uniqueEmail("erased-while-recorded"));
		assertThat(repository.markSending(List.of(email.id()), "4713@this-node/0ddba11", clock.instant())).isOne();
		OutboxDispatcher dispatcher = dispatcher(MAIL.getSmtp().getPort());

		CompletableFuture<ResponseEntity<Void>> erasure = transaction.execute(recording -> {
			dispatcher.recordSent(email, clock.instant(), "250 2.0.0 Ok: queued as 1");
			CompletableFuture<ResponseEntity<Void>> erasing = CompletableFuture.supplyAsync(() -> erase(email.leadId()));
			await().atMost(Duration.ofSeconds(30)).until(() -> erasing.isDone() || aSessionWaitsForTheOutbox());
			return erasing;
		});

		assertThat(erasure.get(30, TimeUnit.SECONDS).getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
		assertThat(repository.findById(email.id())).isEmpty();
		assertThat(attempts.findByOutboxIdOrderById(email.id())).isEmpty();
	}

	@Test
	void twoDispatchersOnOneDatabaseSendEachEmailOnce() throws Exception {
		GreenMail server = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
		server.start();
		try {
			String email = uniqueEmail("race");
			String leadId = leads.capture(new NewLead(email, "Rae", "Race", "Race Ltd", null, null, null, null, "DE",
					"en", "webinar", true)).lead().getId();
			List<OutboxMessage> queued = new ArrayList<>(outbox.of(leadId));
			for (int i = 0; i < 60; i++) {
				queued.add(outbox.enqueue(leadId, "confirm-subscription", EmailCategory.OPT_IN, "race:" + leadId + ":" + i)
						.orElseThrow());
			}
			OutboxDispatcher node1 = dispatcher(server.getSmtp().getPort());
			OutboxDispatcher node2 = dispatcher(server.getSmtp().getPort());

			CompletableFuture<Integer> first = CompletableFuture.supplyAsync(() -> drain(node1, queued));
			CompletableFuture<Integer> second = CompletableFuture.supplyAsync(() -> drain(node2, queued));

			assertThat(first.get() + second.get()).isEqualTo(queued.size());
			Set<String> ours = queued.stream().map(OutboxMessage::messageId).collect(Collectors.toSet());
			List<String> received = Arrays.stream(server.getReceivedMessagesForDomain(email)).map(OutboxDispatcherTest::messageId)
					.toList();
			assertThat(received).hasSize(queued.size()).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(ours);
			assertThat(queued).allSatisfy(message -> assertThat(attempts.findByOutboxIdOrderById(message.id()))
					.singleElement().satisfies(attempt -> assertThat(attempt.outcome()).isEqualTo(DeliveryAttempt.Outcome.SENT)));
		}
		finally {
			server.stop();
		}
	}

	@Test
	void aRetriedStepQueuesNoSecondEmail() {
		String leadId = leads.capture(new NewLead(uniqueEmail("retry"), "Rita", "Retry", null, null, null, null, null,
				null, "en", "webinar", true)).lead().getId();

		OutboxMessage first = outbox.enqueue(leadId, "confirm-subscription", EmailCategory.OPT_IN, "journey-1:activity-1")
				.orElseThrow();
		OutboxMessage again = outbox.enqueue(leadId, "confirm-subscription", EmailCategory.OPT_IN, "journey-1:activity-1")
				.orElseThrow();

		assertThat(again.id()).isEqualTo(first.id());
		assertThat(outbox.of(leadId)).filteredOn(message -> message.dedupKey().equals("journey-1:activity-1")).hasSize(1);
	}

	/**
	 * A claim that loses a deadlock is tried again, and its emails go out once. The test makes the deadlock: it locks
	 * the second of two emails, lets the dispatcher's claim lock the first and wait for the second, then asks for the
	 * first. The database ends one of the two transactions. MariaDB ends the one that wrote less, so the test writes
	 * more (attempts it rolls back) and the dispatcher's claim is ended: before the retry, that ended the whole run. H2
	 * ends the transaction that closed the circle, the test's own, and the dispatcher goes on as it was.
	 */
	@Test
	void aClaimThatLosesADeadlockIsTriedAgainAndItsEmailsGoOutOnce() throws Exception {
		Logger retries = (Logger) LoggerFactory.getLogger(ConflictRetry.class);
		ListAppender<ILoggingEvent> retried = new ListAppender<>();
		retried.start();
		retries.addAppender(retried);
		ch.qos.logback.classic.Level level = retries.getLevel();
		retries.setLevel(ch.qos.logback.classic.Level.DEBUG);
		try {
			OutboxMessage first = confirmationEmailOf(uniqueEmail("deadlock-first"));
			OutboxMessage second = confirmationEmailOf(uniqueEmail("deadlock-second"));
			OutboxDispatcher dispatcher = dispatcher(MAIL.getSmtp().getPort(), MailSettingsFixture.withOneConnection(
					MailSettingsFixture.withRetries(settings, Duration.ofMillis(100), 50)), clock);
			AtomicReference<CompletableFuture<Integer>> dispatching = new AtomicReference<>();

			boolean testEnded = false;
			try {
				transaction.executeWithoutResult(test -> {
					assertThat(repository.lockPending(List.of(second.id()))).containsExactly(second.id());
					for (int i = 0; i < 20; i++) {
						writes.insert(new DeliveryAttempt(null, second.id(), clock.instant(),
								DeliveryAttempt.Outcome.RETRY, "the test's weight, rolled back"));
					}
					dispatching.set(CompletableFuture.supplyAsync(dispatcher::dispatchDue));
					await().atMost(Duration.ofSeconds(30)).until(this::aSessionWaitsForTheOutbox);
					repository.lockPending(List.of(first.id()));
					test.setRollbackOnly();
				});
			}
			catch (ConcurrencyFailureException deadlock) {
				testEnded = true;
			}

			assertThat(dispatching.get().get(30, TimeUnit.SECONDS)).isGreaterThanOrEqualTo(2);
			assertThat(testEnded || retried.list.stream().anyMatch(line -> line.getFormattedMessage()
					.contains("trying again"))).as("one of the two transactions lost a deadlock").isTrue();
			for (OutboxMessage email : List.of(first, second)) {
				assertThat(repository.findById(email.id()).orElseThrow().status()).isEqualTo(OutboxMessage.Status.SENT);
				assertThat(attempts.findByOutboxIdOrderById(email.id())).singleElement()
						.satisfies(attempt -> assertThat(attempt.outcome()).isEqualTo(DeliveryAttempt.Outcome.SENT));
				assertThat(MAIL.getReceivedMessagesForDomain(email.recipient())).hasSize(1);
			}
		}
		finally {
			retries.detachAppender(retried);
			retries.setLevel(level);
		}
	}

	/** Runs a dispatcher until none of the given emails waits any more; returns how many it sent. */
	private int drain(OutboxDispatcher dispatcher, List<OutboxMessage> queued) {
		int sent = 0;
		long deadline = System.currentTimeMillis() + 30_000;
		while (System.currentTimeMillis() < deadline) {
			sent += dispatcher.dispatchDue();
			if (queued.stream().allMatch(sent())) {
				return sent;
			}
		}
		throw new AssertionError("Emails still waiting after 30 s");
	}

	private Predicate<OutboxMessage> sent() {
		return message -> repository.findById(message.id()).orElseThrow().status() == OutboxMessage.Status.SENT;
	}

	/** A new lead that ticked the box: its journey queued the confirmation email in the capture's transaction. */
	private OutboxMessage confirmationEmailOf(String email) {
		String leadId = leads.capture(new NewLead(email, "Otto", "Outage", null, null, null, null, null, null, "en",
				"webinar", true)).lead().getId();
		return outbox.of(leadId).get(0);
	}

	private OutboxDispatcher dispatcher(int smtpPort) {
		return dispatcher(smtpPort, MailSettingsFixture.withRetries(settings, Duration.ofMillis(100), 50), clock);
	}

	private OutboxDispatcher dispatcher(int smtpPort, MailSettings mailSettings, Clock time) {
		return dispatcher(smtpPort, mailSettings, time, Duration.ofSeconds(5));
	}

	private OutboxDispatcher dispatcher(int smtpPort, MailSettings mailSettings, Clock time, Duration readTimeout) {
		JavaMailSenderImpl sender = new JavaMailSenderImpl();
		sender.setHost("127.0.0.1");
		sender.setPort(smtpPort);
		sender.getJavaMailProperties().put("mail.smtp.connectiontimeout", "2000");
		sender.getJavaMailProperties().put("mail.smtp.timeout", String.valueOf(readTimeout.toMillis()));
		return new OutboxDispatcher(repository, writes, attempts, suppressions, sender, consents, leads, timing, links,
				mailSettings, transaction, retry, time);
	}

	/** DELETE /api/leads/{id}, as marketing erases a lead. */
	private ResponseEntity<Void> erase(String leadId) {
		return http.withBasicAuth(MARKETING_USER, PASSWORD).exchange("/api/leads/" + leadId, HttpMethod.DELETE, null,
				Void.class);
	}

	/** Whether a statement on the outbox waits for a row lock another transaction holds, as the database reports it. */
	private boolean aSessionWaitsForTheOutbox() {
		String database = jdbc.execute((ConnectionCallback<String>) connection -> connection.getMetaData()
				.getDatabaseProductName());
		String waiting = "H2".equals(database)
				? "SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS WHERE BLOCKER_ID IS NOT NULL"
						+ " AND UPPER(EXECUTING_STATEMENT) LIKE '%EMAIL_OUTBOX%'"
				: "SELECT COUNT(*) FROM information_schema.INNODB_TRX WHERE trx_state = 'LOCK WAIT'"
						+ " AND UPPER(trx_query) LIKE '%EMAIL_OUTBOX%'";
		return jdbc.queryForObject(waiting, Integer.class) > 0;
	}

	private static String messageId(MimeMessage message) {
		try {
			return message.getMessageID();
		}
		catch (Exception e) {
			throw new IllegalStateException(e);
		}
	}
}
