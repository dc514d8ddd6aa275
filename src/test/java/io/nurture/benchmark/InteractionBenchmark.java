package io.nurture.benchmark;

import static io.nurture.benchmark.BenchmarkSupport.AUTHORIZATION;
import static io.nurture.benchmark.BenchmarkSupport.asInProduction;
import static io.nurture.benchmark.BenchmarkSupport.createUser;
import static io.nurture.benchmark.BenchmarkSupport.databaseCpuNanos;
import static io.nurture.benchmark.BenchmarkSupport.field;
import static io.nurture.benchmark.BenchmarkSupport.processCpuNanos;
import static io.nurture.benchmark.BenchmarkSupport.quantile;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jdk.jfr.Configuration;
import jdk.jfr.Recording;

import org.camunda.bpm.engine.IdentityService;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;

import io.nurture.NurtureApplication;
import io.nurture.benchmark.BenchmarkSupport.ThreadCpu;
import io.nurture.consent.Consents;

/**
 * How fast the engine scores interactions: posts {@code POST /api/leads/{id}/interactions} at a fixed rate (open
 * loop: requests leave on schedule whether or not earlier ones have answered) for many confirmed leads in nurture,
 * each re-scored inside its journey, and reports the sustained rate and the delay from the scheduled send to the new
 * score being visible. The 202 answer is given after the score is committed; every tenth interaction is checked with
 * a {@code GET} that must show at least that score. A benchmark, not a test: run it with {@code -Pbenchmark}
 * (docs/benchmarks.md). Settings: {@code bench.rate} (per second), {@code bench.seconds}, {@code bench.warmup},
 * {@code bench.leads}, {@code bench.senders}, {@code bench.jfr} (a file to record the measured phase in, with JFR),
 * {@code bench.db-pid} (the process id of a local database server, whose CPU time is then reported too);
 * the database from {@code spring.datasource.*} (H2 in memory unless given).
 */
public final class InteractionBenchmark {

	private static final Pattern SCORE = Pattern.compile("\"score\":(-?\\d+)");
	private static final String[] TYPES = { "PAGE_VISITED", "EMAIL_OPENED", "EMAIL_CLICKED", "CONTENT_DOWNLOADED" };

	private final int rate = Integer.getInteger("bench.rate", 500);
	private final int seconds = Integer.getInteger("bench.seconds", 30);
	private final int warmup = Integer.getInteger("bench.warmup", 10);
	private final int leadCount = Integer.getInteger("bench.leads", 1000);
	private final int senders = Integer.getInteger("bench.senders", 64);

	private final HttpClient http;
	private final String base;

	private InteractionBenchmark(String base, ExecutorService pool) {
		this.base = base;
		this.http = HttpClient.newBuilder().executor(pool).connectTimeout(Duration.ofSeconds(10)).build();
	}

	public static void main(String[] args) throws Exception {
		GreenMail mail = new GreenMail(
				new ServerSetup[] { ServerSetupTest.SMTP.dynamicPort(), ServerSetupTest.IMAP.dynamicPort() });
		mail.start();
		SpringApplication application = new SpringApplication(NurtureApplication.class);
		application.setAdditionalProfiles("test");
		Map<String, String> properties = new HashMap<>(Map.of("server.port", "0", "spring.mail.host", "127.0.0.1",
				"spring.mail.port", String.valueOf(mail.getSmtp().getPort()), "logging.level.root", "warn",
				"logging.level.io.nurture", "warn", "spring.main.banner-mode", "off"));
		asInProduction(properties);
		application.setDefaultProperties(new HashMap<>(properties));
		int exit = 0;
		try (ConfigurableApplicationContext context = application.run(args)) {
			createUser(context.getBean(IdentityService.class));
			int port = ((WebServerApplicationContext) context).getWebServer().getPort();
			String database = context.getEnvironment().getProperty("spring.datasource.url");
			ExecutorService pool = Executors.newFixedThreadPool(Integer.getInteger("bench.senders", 64));
			try {
				new InteractionBenchmark("http://127.0.0.1:" + port, pool).run(context.getBean(Consents.class),
						database);
			}
			finally {
				pool.shutdownNow();
			}
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

	private void run(Consents consents, String database) throws Exception {
		System.out.printf("Creating %d confirmed leads in nurture...%n", leadCount);
		List<String> leads = new ArrayList<>();
		for (int i = 0; i < leadCount; i++) {
			String id = field(post("/api/leads", leadJson(i)).body(), "id");
			consents.confirm(id);
			leads.add(id);
		}
		System.out.printf("Warm-up: %d s at %d interactions/s%n", warmup, rate);
		phase(leads, warmup);
		System.out.printf("Measuring: %d s at %d interactions/s%n", seconds, rate);
		Result result;
		String profile = System.getProperty("bench.jfr");
		if (profile == null) {
			result = phase(leads, seconds);
		}
		else {
			// A flight recording of the measured phase only, for finding where the time goes.
			try (Recording recording = new Recording(Configuration.getConfiguration("profile"))) {
				recording.setDestination(Path.of(profile));
				recording.start();
				result = phase(leads, seconds);
				recording.stop();
			}
		}
		result.print(database, rate, seconds, leadCount, senders);
	}

	/** Sends {@code rate} interactions per second for {@code duration} seconds, round robin over the leads. */
	private Result phase(List<String> leads, int duration) throws InterruptedException {
		int total = rate * duration;
		Result result = new Result();
		CountDownLatch done = new CountDownLatch(total);
		AtomicInteger next = new AtomicInteger();
		ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
		long start = System.nanoTime();
		ThreadCpu threads = new ThreadCpu();
		threads.start();
		long cpuAtStart = processCpuNanos();
		long databaseCpuAtStart = databaseCpuNanos();
		long tickNanos = 10_000_000L;
		clock.scheduleAtFixedRate(() -> {
			// Every request whose time has come leaves now, so the offered rate holds at any rate and tick.
			long due = Math.min(total, (System.nanoTime() - start) * rate / 1_000_000_000L + 1);
			while (next.get() < due) {
				int n = next.getAndIncrement();
				long scheduled = start + (long) n * 1_000_000_000L / rate;
				send(leads.get(n % leads.size()), TYPES[n % TYPES.length], n % 10 == 0, scheduled, result)
						.whenComplete((ignored, error) -> done.countDown());
			}
		}, 0, tickNanos, TimeUnit.NANOSECONDS);
		done.await(duration + 120L, TimeUnit.SECONDS);
		clock.shutdownNow();
		result.elapsedNanos = System.nanoTime() - start;
		result.cpuNanos = processCpuNanos() - cpuAtStart;
		result.threadCpuNanos = threads.byGroup();
		result.databaseCpuNanos = databaseCpuAtStart < 0 ? -1 : databaseCpuNanos() - databaseCpuAtStart;
		return result;
	}

	private CompletableFuture<Void> send(String lead, String type, boolean verify,
			long scheduled, Result result) {
		HttpRequest request = request("/api/leads/" + lead + "/interactions")
				.POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"" + type + "\"}")).build();
		return http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenCompose(response -> {
			if (response.statusCode() != 202) {
				result.error("HTTP " + response.statusCode());
				return CompletableFuture.completedFuture(null);
			}
			int score = score(response.body());
			if (!verify) {
				result.delays.add(System.nanoTime() - scheduled);
				return CompletableFuture.completedFuture(null);
			}
			HttpRequest read = request("/api/leads/" + lead).GET().build();
			return http.sendAsync(read, HttpResponse.BodyHandlers.ofString()).thenAccept(lookup -> {
				result.delays.add(System.nanoTime() - scheduled);
				if (score(lookup.body()) < score) {
					result.invisible.incrementAndGet();
				}
			});
		}).exceptionally(error -> {
			result.error((error.getCause() != null ? error.getCause() : error).getClass().getSimpleName());
			return null;
		});
	}

	private HttpResponse<String> post(String path, String json) throws Exception {
		return http.send(request(path).POST(HttpRequest.BodyPublishers.ofString(json)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
				.header("Authorization", AUTHORIZATION).header("Content-Type", "application/json");
	}

	/** A lead that fits but has no phone, so it stays in nurture and every interaction runs through its journey. */
	private static String leadJson(int i) {
		return """
				{"email":"bench-%d-%d@example.com","firstName":"Ada","lastName":"Lovelace","company":"Analytical Engines",
				 "jobTitle":"CTO","industry":"Software","country":"GB","language":"en","source":"benchmark","consent":true}"""
				.formatted(i, System.nanoTime());
	}

	/** The lead's score in an answer (a number, where {@link BenchmarkSupport#field} reads strings). */
	private static int score(String json) {
		Matcher matcher = SCORE.matcher(json);
		if (!matcher.find()) {
			throw new IllegalStateException("No score in " + json);
		}
		return Integer.parseInt(matcher.group(1));
	}

	private static final class Result {

		final ConcurrentLinkedQueue<Long> delays = new ConcurrentLinkedQueue<>();
		final Map<String, AtomicInteger> errors = new ConcurrentHashMap<>();
		final AtomicInteger invisible = new AtomicInteger();
		long elapsedNanos;
		long cpuNanos;
		long databaseCpuNanos;
		Map<String, Long> threadCpuNanos = Map.of();

		void error(String kind) {
			errors.computeIfAbsent(kind, ignored -> new AtomicInteger()).incrementAndGet();
		}

		void print(String database, int rate, int seconds, int leads, int senders) {
			List<Long> sorted = new ArrayList<>(delays);
			Collections.sort(sorted);
			double elapsed = elapsedNanos / 1e9;
			System.out.println();
			System.out.println("Interaction scoring benchmark");
			System.out.printf("  database            %s%n", database);
			System.out.printf("  cores, max heap     %d, %d MiB%n", Runtime.getRuntime().availableProcessors(),
					Runtime.getRuntime().maxMemory() / 1024 / 1024);
			System.out.printf("  leads, senders      %d, %d%n", leads, senders);
			System.out.printf("  target rate         %d interactions/s for %d s%n", rate, seconds);
			System.out.printf("  sustained rate      %.0f interactions/s (%d scored in %.1f s)%n",
					sorted.size() / elapsed, sorted.size(), elapsed);
			System.out.printf("  delay to visible    p50 %s  p95 %s  p99 %s  max %s%n", ms(sorted, 0.50),
					ms(sorted, 0.95), ms(sorted, 0.99), ms(sorted, 1.0));
			System.out.printf("  CPU per interaction %.2f ms (engine and load generator, one JVM; %.1f cores busy)%n",
					sorted.isEmpty() ? 0 : cpuNanos / 1e6 / sorted.size(), cpuNanos / (double) elapsedNanos);
			ThreadCpu.print(threadCpuNanos, cpuNanos, sorted.size(), "    ");
			if (databaseCpuNanos >= 0 && !sorted.isEmpty()) {
				System.out.printf("  database CPU        %.2f ms per interaction (%.1f cores busy)%n",
						databaseCpuNanos / 1e6 / sorted.size(), databaseCpuNanos / (double) elapsedNanos);
			}
			System.out.printf("  errors              %s%n", errors.isEmpty() ? "none" : errors);
			System.out.printf("  score not visible   %d%n", invisible.get());
		}

		private static String ms(List<Long> sorted, double quantile) {
			return sorted.isEmpty() ? "-" : String.format("%.0f ms", quantile(sorted, quantile) / 1e6);
		}
	}
}
