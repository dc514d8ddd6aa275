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
	Clock clock;
	@Autowired
	Scheduler scheduler;

	/** This node is the only one: in standby it fires no trigger, so only the test's dispatchers send. */
	@BeforeEach
	void pauseScheduledDispatcher() throws SchedulerException {
		scheduler.standby();
		await().atMost(Duration.ofSeconds(10)).until(() -> scheduler.getCurrentlyExecutingJobs().stream()
				.noneMatch(job -> job.getJobDetail().getKey().equals(DISPATCH_JOB)));
	}

	@AfterEach
	void resumeScheduledDispatcher() throws SchedulerException {
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
			assertThat(repository.claim(orphaned.id(), "4711@killed-node/0badc0de", clock.instant().minusSeconds(60))).isOne();
			assertThat(repository.claim(inFlight.id(), "4712@live-node/600dc0de", clock.instant())).isOne();
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
		ListAppender<ILoggingEvent> logs = new ListAppender<>();
		Logger log = (Logger) LoggerFactory.getLogger(OutboxDispatcher.class);
		logs.start();
		log.addAppender(logs);
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
		finally {
			log.detachAppender(logs);
		}
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
		JavaMailSenderImpl sender = new JavaMailSenderImpl();
		sender.setHost("127.0.0.1");
		sender.setPort(smtpPort);
		sender.getJavaMailProperties().put("mail.smtp.connectiontimeout", "2000");
		sender.getJavaMailProperties().put("mail.smtp.timeout", "5000");
		return new OutboxDispatcher(repository, attempts, suppressions, sender, consents, leads, timing, links,
				mailSettings, transaction, time);
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
