package io.nurture.benchmark;

import static io.nurture.benchmark.BenchmarkSupport.asInProduction;
import static io.nurture.benchmark.BenchmarkSupport.awaitQuietJvm;
import static io.nurture.benchmark.BenchmarkSupport.countAndDrop;
import static io.nurture.benchmark.BenchmarkSupport.databaseCpuNanos;
import static io.nurture.benchmark.BenchmarkSupport.processCpuNanos;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.FileSystemUtils;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import io.nurture.NurtureApplication;
import io.nurture.benchmark.BenchmarkSupport.MemoryPeaks;
import io.nurture.consent.Consents;
import io.nurture.email.EmailCategory;
import io.nurture.email.Outbox;
import io.nurture.lead.Leads;
import io.nurture.lead.NewLead;

/**
 * How fast emails get through the outbox: {@code bench.producers} threads render and queue {@code bench.emails}
 * personalised marketing emails (the welcome email, each in its own transaction, as a journey's send step does),
 * while the scheduled dispatcher (every 200 ms, as in tests) delivers them over SMTP to a local GreenMail server,
 * which takes each over the wire, counts it and drops it. Reports the rate of rendering and queueing, the end-to-end
 * rate from the first queued email to the last one received by the SMTP server, the JVM's CPU time per email (and,
 * with {@code bench.db-pid}, the local database server's), and the peak heap. A benchmark, not a test: run it with
 * {@code -Pbenchmark -Dbench.main=io.nurture.benchmark.EmailBenchmark} (docs/benchmarks.md, "Email delivery"). The
 * outbox is durable: H2 in a file under target/ unless {@code SPRING_DATASOURCE_URL} names another database.
 */
public final class EmailBenchmark {

	private final int emails = Integer.getInteger("bench.emails", 6000);
	private final int producers = Integer.getInteger("bench.producers", 4);
	private final int leadCount = Integer.getInteger("bench.leads", 1000);
	private final int warmup = Integer.getInteger("bench.email-warmup", 2000);

	public static void main(String[] args) throws Exception {
		GreenMail mail = new GreenMail(new ServerSetup[] { new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP) });
		mail.start();
		AtomicLong received = countAndDrop(mail);
		Map<String, String> properties = new HashMap<>(Map.of("server.port", "0", "spring.mail.host", "127.0.0.1",
				"spring.mail.port", String.valueOf(mail.getSmtp().getPort()), "logging.level.root", "warn",
				"logging.level.io.nurture", "warn", "spring.main.banner-mode", "off",
				// Every email here is the welcome email to a few leads: no cap, no waiting for business hours.
				"nurture.mail.frequency-cap.max", "100000000", "nurture.mail.default-send-window", "any-time"));
		if (System.getenv("SPRING_DATASOURCE_URL") == null) {
			Path database = Path.of("target", "email-benchmark");
			FileSystemUtils.deleteRecursively(database);
			Files.createDirectories(database);
			properties.put("spring.datasource.url", "jdbc:h2:file:" + database.toAbsolutePath().resolve("nurture"));
		}
		asInProduction(properties);
		// System properties, so that they win over application.yml and the test profile.
		properties.forEach(System::setProperty);
		SpringApplication application = new SpringApplication(NurtureApplication.class);
		application.setAdditionalProfiles("test");
		int exit = 0;
		try (ConfigurableApplicationContext context = application.run(args)) {
			new EmailBenchmark().run(context, received);
		}
		catch (RuntimeException e) {
			e.printStackTrace();
			exit = 1;
		}
		finally {
			mail.stop();
		}
		System.exit(exit);
	}

	private void run(ConfigurableApplicationContext context, AtomicLong received) throws Exception {
		Leads leads = context.getBean(Leads.class);
		Consents consents = context.getBean(Consents.class);
		Outbox outbox = context.getBean(Outbox.class);
		String database = context.getEnvironment().getProperty("spring.datasource.url");
		MemoryPeaks memory = new MemoryPeaks();

		System.out.printf("Creating %d confirmed leads...%n", leadCount);
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < leadCount; i++) {
			String id = leads.capture(new NewLead("bench-" + i + "-" + System.nanoTime() + "@example.com", "Ada", "Lovelace",
					"Analytical Engines", 250, "Head of Marketing", "Software", null, "GB", i % 2 == 0 ? "en" : "de",
					"benchmark", true)).lead().getId();
			consents.confirm(id);
			ids.add(id);
		}
		awaitStable(received);
		if (warmup > 0) {
			System.out.printf("Warming up: %d emails...%n", warmup);
			Round warm = queueAndDeliver(outbox, ids, warmup, received, memory);
			System.out.printf("Warm-up: %.0f emails/s end to end, %.2f ms JVM CPU per email; %s%n",
					warm.emails / warm.seconds(), warm.cpuNanos / 1e6 / warm.emails,
					awaitQuietJvm().replaceAll(" {2,}", " "));
		}
		System.out.printf("Queueing and delivering %d emails with %d producers...%n", emails, producers);
		memory.reset();
		Round round = queueAndDeliver(outbox, ids, emails, received, memory);

		System.out.println();
		System.out.println("Email delivery benchmark");
		System.out.printf("  database             %s%n", database);
		System.out.printf("  cores, max heap      %d, %d MiB%n", Runtime.getRuntime().availableProcessors(),
				Runtime.getRuntime().maxMemory() / 1024 / 1024);
		System.out.printf("  emails, producers    %d, %d (welcome email, %d leads, English and German), after %d to "
				+ "warm up%n", emails, producers, leadCount, warmup);
		System.out.printf("  rendered and queued  %.0f emails/s (%.1f s)%n", emails / round.queueSeconds(),
				round.queueSeconds());
		System.out.printf("  delivered end to end %.0f emails/s (all %d received by SMTP in %.1f s)%n",
				emails / round.seconds(), emails, round.seconds());
		System.out.printf("  JVM CPU per email    %.2f ms (%.2f cores busy; engine and SMTP server)%n",
				round.cpuNanos / 1e6 / emails, round.cpuNanos / (double) round.wallNanos);
		if (round.databaseCpuNanos >= 0) {
			System.out.printf("  database CPU / email %.2f ms (%.2f cores busy)%n", round.databaseCpuNanos / 1e6 / emails,
					round.databaseCpuNanos / (double) round.wallNanos);
		}
		System.out.printf("  peak heap used       %d MiB%n", memory.peakHeap() / 1024 / 1024);
	}

	/** What one round of queueing and delivering measured. */
	private record Round(int emails, long queueNanos, long wallNanos, long cpuNanos, long databaseCpuNanos) {

		double queueSeconds() {
			return queueNanos / 1e9;
		}

		double seconds() {
			return wallNanos / 1e9;
		}
	}

	/**
	 * Queues {@code count} welcome emails from the producer threads and waits until the SMTP server has them all;
	 * fails when they do not all arrive within three minutes of the last one queued.
	 */
	private Round queueAndDeliver(Outbox outbox, List<String> ids, int count, AtomicLong received, MemoryPeaks memory)
			throws Exception {
		long before = received.get();
		AtomicInteger next = new AtomicInteger();
		AtomicLong queuedAt = new AtomicLong();
		String run = Long.toString(System.nanoTime(), 36);
		ExecutorService pool = Executors.newFixedThreadPool(producers);
		long cpuAtStart = processCpuNanos();
		long databaseCpuAtStart = databaseCpuNanos();
		long start = System.nanoTime();
		List<Future<?>> work = new ArrayList<>();
		for (int p = 0; p < producers; p++) {
			work.add(pool.submit(() -> {
				for (int n = next.getAndIncrement(); n < count; n = next.getAndIncrement()) {
					outbox.enqueue(ids.get(n % ids.size()), "welcome", EmailCategory.MARKETING, "bench:" + run + ":" + n);
				}
				queuedAt.accumulateAndGet(System.nanoTime(), Math::max);
			}));
		}
		for (Future<?> done : work) {
			done.get();
		}
		pool.shutdown();
		long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
		long arrived;
		while ((arrived = received.get() - before) < count && System.nanoTime() < deadline) {
			memory.sample();
			Thread.sleep(50);
		}
		long end = System.nanoTime();
		long cpu = processCpuNanos() - cpuAtStart;
		long databaseCpu = databaseCpuAtStart < 0 ? -1 : databaseCpuNanos() - databaseCpuAtStart;
		memory.sample();
		if (arrived != count) {
			throw new IllegalStateException("Only " + arrived + " of " + count + " emails arrived");
		}
		return new Round(count, queuedAt.get() - start, end - start, cpu, databaseCpu);
	}

	/** Waits until the setup's emails (confirmations and welcome emails) stop arriving. */
	private static void awaitStable(AtomicLong received) throws InterruptedException {
		long last = -1;
		long now = received.get();
		while (now != last) {
			Thread.sleep(1500);
			last = now;
			now = received.get();
		}
	}
}
