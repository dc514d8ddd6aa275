package io.nurture.benchmark;

import static io.nurture.benchmark.BenchmarkSupport.AUTHORIZATION;
import static io.nurture.benchmark.BenchmarkSupport.asInProduction;
import static io.nurture.benchmark.BenchmarkSupport.awaitQuietJvm;
import static io.nurture.benchmark.BenchmarkSupport.countAndDrop;
import static io.nurture.benchmark.BenchmarkSupport.createUser;
import static io.nurture.benchmark.BenchmarkSupport.databaseCpuNanos;
import static io.nurture.benchmark.BenchmarkSupport.field;
import static io.nurture.benchmark.BenchmarkSupport.processCpuNanos;
import static io.nurture.benchmark.BenchmarkSupport.quantile;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.bpmn.parser.BpmnParseListener;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cfg.TransactionState;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.jobexecutor.JobExecutor;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;
import org.camunda.bpm.engine.impl.util.xml.Element;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.spring.components.jobexecutor.SpringJobExecutor;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.builder.ServiceTaskBuilder;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.util.FileSystemUtils;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import io.nurture.NurtureApplication;
import io.nurture.benchmark.BenchmarkSupport.MemoryPeaks;
import io.nurture.benchmark.BenchmarkSupport.ThreadCpu;
import io.nurture.consent.Consents;
import io.nurture.email.Outbox;
import io.nurture.email.OutboxMessage;

/**
 * How late the journeys' timers fire when many leads wait in them (issue 7). Seeds {@code bench.leads} confirmed
 * leads through the real API ({@code POST /api/leads} with consent, then the confirmation), half of them decision
 * makers (track "B2B decision makers"), half not (track "general"), so each journey waits at its track's first timer
 * ("3 days later"). Then it makes {@code bench.due-rate} of those timers due per second for {@code bench.seconds}
 * seconds (their due dates set with {@link ManagementService#setJobDuedate}, spaced 1/rate apart, starting shortly
 * after all are set) and lets the job executor fire them: each fired timer sends the next email of the track and
 * waits at the track's event-based gateway. Lateness is the time from a timer's due date (as stored, so at whole
 * seconds on MySQL and MariaDB, which Camunda's connection settings send without fractions) to the commit of the
 * transaction that left the timer event, taken by a transaction listener this benchmark adds to the measured timer
 * events through a parse listener (a process engine plugin). Timers not fired when the run ends
 * ({@code bench.drain} seconds after the last due date) count as censored: their lateness is at least the time
 * from their due date to the end, reported apart and also folded into the "all" percentiles as that lower bound.
 * <p>
 * In the same run the same number of instances of a bare Camunda process with the same steps (timer, a no-op
 * service task {@code ${true}}, an event-based gateway waiting for a message or the next timer) are started and fired
 * the same way, at the same rate, so the engine's own overhead shows as a ratio. CPU is the JVM's process CPU time
 * between the first due date and the end of a phase, divided by the timers fired: for the journeys it includes
 * rendering and queueing the next email and delivering it over SMTP to the GreenMail server in this JVM (that is the
 * work a fired journey timer causes); the bare process has none of it. A second bare process differs from the first
 * only in the send step's two input parameters ({@code template} and {@code category}, as the journeys' "Send email"
 * steps have them): Camunda makes an activity with inputs a scope, with a child execution and local variables, and
 * the difference between the two shows what that costs.
 * <p>
 * Before each measured phase {@code bench.timer-warmup} timers of the same kind fire at the same rate, unmeasured
 * (their CPU per timer and the JIT compiler's share of it are printed): the code a fired timer runs is not what
 * seeding runs, and a cold start spent a third of a phase's CPU compiling it, which a node that has run for a while
 * has long done. Each phase's CPU is also split by thread ({@code /proc/self/task}): the job executor's steps and
 * acquisition, the outbox dispatcher, the SMTP server, the JIT compiler, the collector.
 * <p>
 * Also printed: the database size after seeding, split into Camunda's tables ({@code ACT_*}), Quartz's
 * ({@code QRTZ_*}) and the project's, scaled to 100,000 leads (MariaDB/MySQL: {@code information_schema.TABLES}
 * after {@code ANALYZE TABLE}; H2: the database file); peak heap (sum of the heap pools' peaks) and peak resident
 * memory ({@code VmHWM}) while seeding and, reset after seeding, while the timers fire with all journeys active.
 * <p>
 * Emails: every confirmation, welcome and follow-up email is really delivered over SMTP by the outbox dispatcher
 * (at its production interval of 2 s), to a GreenMail SMTP server in this JVM that takes each email over the wire
 * and drops it, so that neither storing them nor 100,000 leads' mailboxes weigh on the measurement. After seeding
 * the benchmark waits until the outbox is empty and the JVM has settled before measuring. {@code bench.reuse=true}
 * skips seeding when the database already holds at least {@code bench.leads} leads and enough journeys still wait
 * at their first timer (each run moves {@code due-rate * seconds} of them on). {@code bench.db-pid} names a local
 * database server's process, whose CPU time per fired timer is then printed too. A benchmark, not a test: run it with {@code -Pbenchmark
 * -Dbench.main=io.nurture.benchmark.JourneyBenchmark} (docs/benchmarks.md, "Journeys and timers"). The database is
 * H2 in a file under target/journey-benchmark unless {@code SPRING_DATASOURCE_URL} names another; the job executor's
 * settings are the application's (override them with {@code SPRING_APPLICATION_JSON} to compare).
 */
public final class JourneyBenchmark {

	/** The first timer of the tracks the seeded leads run: "3 days later" in the general and decision-maker tracks. */
	private static final List<String> FIRST_TIMERS = List.of("WaitBeforeFollowUp", "WaitBeforeBusinessCase");
	private static final String BARE_PROCESS = "benchmark-bare-timers";
	private static final String BARE_PROCESS_WITH_INPUTS = "benchmark-bare-timers-with-inputs";
	private static final String BARE_TIMER = "BareWait";
	private static final Set<String> MEASURED_TIMERS = Set.of("WaitBeforeFollowUp", "WaitBeforeBusinessCase", BARE_TIMER);
	/** Process instance id to the time the transaction that left its measured timer event committed. */
	private static final Map<String, Long> FIRED = new ConcurrentHashMap<>();

	private final int leadCount = Integer.getInteger("bench.leads", 2000);
	private final int dueRate = Integer.getInteger("bench.due-rate", 200);
	private final int seconds = Integer.getInteger("bench.seconds", 60);
	private final int warmup = Integer.getInteger("bench.timer-warmup", 6000);
	private final int drain = Integer.getInteger("bench.drain", 120);
	private final int clients = Integer.getInteger("bench.clients", 8);
	private final boolean reuse = Boolean.getBoolean("bench.reuse");
	private final boolean bare = !"false".equals(System.getProperty("bench.bare"));

	private final ConfigurableApplicationContext context;
	/** Emails the SMTP server received. */
	private final AtomicLong received;
	private final ManagementService management;
	private final JdbcTemplate jdbc;
	private final String database;
	private final MemoryPeaks memory = new MemoryPeaks();
	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
	private final String base;

	private JourneyBenchmark(ConfigurableApplicationContext context, AtomicLong received) {
		this.context = context;
		this.received = received;
		this.management = context.getBean(ManagementService.class);
		this.jdbc = new JdbcTemplate(context.getBean(DataSource.class));
		this.database = context.getEnvironment().getProperty("spring.datasource.url");
		this.base = "http://127.0.0.1:" + ((WebServerApplicationContext) context).getWebServer().getPort();
	}

	public static void main(String[] args) throws Exception {
		GreenMail mail = new GreenMail(new ServerSetup[] { new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP) });
		mail.start();
		AtomicLong received = countAndDrop(mail);
		Map<String, String> properties = new HashMap<>(Map.of("server.port", "0", "spring.mail.host", "127.0.0.1",
				"spring.mail.port", String.valueOf(mail.getSmtp().getPort()), "logging.level.root", "warn",
				"logging.level.io.nurture", "warn", "spring.main.banner-mode", "off",
				// The test profile turns the job executor off (tests drive timers themselves); here it is what is measured.
				"camunda.bpm.job-execution.enabled", "true",
				// Production's intervals, not the test profile's 200 ms.
				"nurture.mail.dispatch-interval", "2s", "nurture.handover.crm.delivery-interval", "5s"));
		if (System.getenv("SPRING_DATASOURCE_URL") == null) {
			Path directory = Path.of("target", "journey-benchmark");
			if (!Boolean.getBoolean("bench.reuse")) {
				FileSystemUtils.deleteRecursively(directory);
			}
			Files.createDirectories(directory);
			properties.put("spring.datasource.url", "jdbc:h2:file:" + directory.toAbsolutePath().resolve("nurture"));
		}
		asInProduction(properties);
		// System properties, so that they win over application.yml and the test profile (not over -D given).
		properties.forEach((key, value) -> {
			if (System.getProperty(key) == null) {
				System.setProperty(key, value);
			}
		});
		SpringApplication application = new SpringApplication(NurtureApplication.class);
		application.setAdditionalProfiles("test");
		application.addInitializers(
				context -> context.getBeanFactory().registerSingleton("journeyBenchmarkClock", new FiringClock()));
		int exit = 0;
		try (ConfigurableApplicationContext context = application.run(args)) {
			new JourneyBenchmark(context, received).run();
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

	private void run() throws Exception {
		createUser(context.getBean(IdentityService.class));
		int timers = dueRate * seconds;
		List<String> report = new ArrayList<>();
		int leadsInDatabase = count("select count(*) from leads");
		long waiting = waitingJourneys();
		memory.reset();
		int missing = reuse ? Math.max(0, leadCount - leadsInDatabase) : leadCount;
		if (missing == 0) {
			System.out.printf("Reusing the database: %d leads, %d journeys waiting at their first timer%n",
					leadsInDatabase, waiting);
			report.add(String.format("seeding              skipped (bench.reuse): %d leads in the database",
					leadsInDatabase));
		}
		else {
			// A reused database is topped up to bench.leads, so a large one can be seeded in several shorter runs.
			report.add(seed(missing));
			leadsInDatabase = count("select count(*) from leads");
			waiting = waitingJourneys();
		}
		memory.sample();
		report.add(String.format("memory while seeding  peak heap %d MiB, peak RSS %d MiB%s", memory.peakHeap() >> 20,
				memory.peakRss() >> 20, missing == 0 ? " (startup only: seeding skipped)" : ""));
		report.add(String.format("journeys waiting     %d at their track's first timer (%d leads in the database)",
				waiting, leadsInDatabase));
		report.addAll(databaseSize(leadsInDatabase));
		if (timers == 0) {
			report.forEach(line -> System.out.println("  " + line));
			return;
		}
		if (waiting < warmup + timers) {
			throw new IllegalStateException("Only " + waiting + " journeys wait at their first timer, " + warmup
					+ " + " + timers + " needed: seed more leads (bench.leads) or a fresh database");
		}

		report.add(awaitEmptyOutbox(false));
		report.add(awaitNoDueJobs());
		if (warmup > 0) {
			System.out.printf("Journeys: warming up, %d timers due at %d/s...%n", warmup, dueRate);
			report.add(warmedUp("journeys", fire(journeyTimers(warmup), true)));
		}
		report.add(awaitQuietJvm());
		memory.reset();
		System.out.printf("Journeys: %d timers due at %d/s for %d s...%n", timers, dueRate, seconds);
		Phase journeys = fire(journeyTimers(timers), true);
		Phase bareProcess = null;
		Phase bareWithInputs = null;
		List<String> bareInstances = new ArrayList<>();
		if (bare) {
			bareProcess = fireBare(false, report, bareInstances);
			bareWithInputs = fireBare(true, report, bareInstances);
		}

		System.out.println();
		System.out.println("Journey timer benchmark");
		System.out.printf("  database             %s%n", database);
		System.out.printf("  cores, max heap      %d, %d MiB%n", Runtime.getRuntime().availableProcessors(),
				Runtime.getRuntime().maxMemory() >> 20);
		System.out.printf("  load average         %s%n", loadAverage());
		System.out.printf("  job executor         %s%n", jobExecutorSettings());
		System.out.printf("  timers               %d due at %d/s over %d s, then up to %d s to catch up%n", timers,
				dueRate, seconds, drain);
		report.forEach(line -> System.out.println("  " + line));
		journeys.print("journeys");
		if (bareProcess != null) {
			bareProcess.print("bare Camunda");
			bareWithInputs.print("bare, step with inputs");
			System.out.printf("  engine / bare        CPU per timer %.1fx, lateness p99 %s vs %s%n",
					journeys.cpuPerTimerMillis() / bareProcess.cpuPerTimerMillis(), seconds(journeys.all, 0.99),
					seconds(bareProcess.all, 0.99));
			System.out.printf("  the step's inputs    %+.2f ms JVM CPU per timer (bare with inputs minus bare)%n",
					bareWithInputs.cpuPerTimerMillis() - bareProcess.cpuPerTimerMillis());
		}
		System.out.printf("  memory while firing  peak heap %d MiB, peak RSS %d MiB (%d journeys active)%n",
				memory.peakHeap() >> 20, memory.peakRss() >> 20, leadsInDatabase);
		awaitEmptyOutbox(true);
		System.out.printf("  emails received      %d by the SMTP server since it started%n", received.get());
		// The bare instances go, so that a reused database holds only the journeys; after measuring, synchronously.
		RuntimeService runtime = context.getBean(RuntimeService.class);
		for (int from = 0; from < bareInstances.size(); from += 500) {
			runtime.deleteProcessInstances(bareInstances.subList(from, Math.min(bareInstances.size(), from + 500)),
					"benchmark done", true, true, true);
		}
	}

	// ---- seeding ----

	private String seed(int leadCount) throws Exception {
		System.out.printf("Seeding %d confirmed leads with %d client threads...%n", leadCount, clients);
		Consents consents = context.getBean(Consents.class);
		AtomicInteger errors = new AtomicInteger();
		String run = Long.toString(System.currentTimeMillis(), 36);
		long start = System.nanoTime();
		parallel(leadCount, clients, i -> {
			try {
				HttpResponse<String> response = http.send(request("/api/leads")
						.POST(HttpRequest.BodyPublishers.ofString(leadJson(run, i))).build(),
						HttpResponse.BodyHandlers.ofString());
				if (response.statusCode() != 201 && response.statusCode() != 200) {
					throw new IllegalStateException("HTTP " + response.statusCode() + ": " + response.body());
				}
				consents.confirm(field(response.body(), "id"));
			}
			catch (Exception e) {
				if (errors.incrementAndGet() <= 5) {
					e.printStackTrace();
				}
			}
			if ((i + 1) % 10_000 == 0) {
				System.out.printf("  %d leads, %.0f/s%n", i + 1, (i + 1) / ((System.nanoTime() - start) / 1e9));
			}
			if (i % 100 == 0) {
				memory.sample();
			}
		});
		double elapsed = (System.nanoTime() - start) / 1e9;
		return String.format("seeding              %d leads in %.0f s: %.0f leads/s (%d errors)", leadCount, elapsed,
				leadCount / elapsed, errors.get());
	}

	/**
	 * Waits until the outbox has delivered what is waiting (the welcome emails after seeding, the next emails after
	 * firing), so that no phase pays for another's emails. An email a previous run's JVM claimed and never finished is
	 * sent again only after the claim time-out (10 min), so one being sent is not waited for when {@code sending} is
	 * false.
	 */
	private String awaitEmptyOutbox(boolean sending) throws InterruptedException {
		Outbox outbox = context.getBean(Outbox.class);
		long start = System.nanoTime();
		long backlog;
		while ((backlog = outbox.backlog().entrySet().stream()
				.filter(status -> sending || status.getKey() != OutboxMessage.Status.SENDING)
				.mapToLong(Map.Entry::getValue).sum()) > 0) {
			memory.sample();
			Thread.sleep(2000);
			if (System.nanoTime() - start > TimeUnit.MINUTES.toNanos(60)) {
				throw new IllegalStateException(backlog + " emails still in the outbox after an hour");
			}
		}
		return String.format("outbox emptied       after %.0f s of waiting", (System.nanoTime() - start) / 1e9);
	}

	// ---- firing ----

	/** Timers a previous run left overdue (and anything else due) fire before this run measures. */
	private String awaitNoDueJobs() throws InterruptedException {
		long start = System.nanoTime();
		long due = management.createJobQuery().executable().count();
		long first = due;
		while (due > 0 && System.nanoTime() - start < TimeUnit.MINUTES.toNanos(15)) {
			Thread.sleep(1000);
			due = management.createJobQuery().executable().count();
		}
		return String.format("jobs due at start    %d, %d left after %.0f s of waiting", first, due,
				(System.nanoTime() - start) / 1e9);
	}

	private long waitingJourneys() {
		Date later = new Date(System.currentTimeMillis() + TimeUnit.DAYS.toMillis(1));
		return FIRST_TIMERS.stream()
				.mapToLong(timer -> management.createJobQuery().timers().activityId(timer).duedateHigherThan(later).count())
				.sum();
	}

	/** Jobs of journeys still waiting at their first timer, both tracks alternately. */
	private List<Job> journeyTimers(int count) {
		Date later = new Date(System.currentTimeMillis() + TimeUnit.DAYS.toMillis(1));
		List<List<Job>> perTimer = FIRST_TIMERS.stream().map(timer -> management.createJobQuery().timers()
				.activityId(timer).duedateHigherThan(later).listPage(0, count)).toList();
		List<Job> jobs = new ArrayList<>();
		for (int i = 0; jobs.size() < count; i++) {
			for (List<Job> timerJobs : perTimer) {
				if (i < timerJobs.size() && jobs.size() < count) {
					jobs.add(timerJobs.get(i));
				}
			}
		}
		return jobs;
	}

	/**
	 * Sets the jobs' due dates 1/rate apart from a start shortly after all are set, waits until all fired or
	 * {@code bench.drain} seconds after the last due date (and, with {@code emails}, until the outbox has delivered
	 * what they queued), and measures.
	 */
	private Phase fire(List<Job> jobs, boolean emails) throws Exception {
		// Setting a due date is a transaction of its own; four threads set about 300 a second on MariaDB here.
		long startMillis = System.currentTimeMillis() + 10_000 + jobs.size() * 1000L / 300;
		long stepNanos = 1_000_000_000L / dueRate;
		long setupStart = System.nanoTime();
		parallel(jobs.size(), 4, i -> management.setJobDuedate(jobs.get(i).getId(),
				new Date(startMillis + i * stepNanos / 1_000_000)));
		double setupSeconds = (System.nanoTime() - setupStart) / 1e9;
		// The due dates as stored (whole seconds on MySQL and MariaDB).
		Map<String, Long> due = new HashMap<>();
		Set<String> ids = jobs.stream().map(Job::getId).collect(Collectors.toSet());
		for (Job job : management.createJobQuery().timers().duedateHigherThan(new Date(startMillis - 2000))
				.duedateLowerThan(new Date(startMillis + seconds * 1000L + 2000)).list()) {
			if (ids.contains(job.getId())) {
				due.put(job.getProcessInstanceId(), job.getDuedate().getTime());
			}
		}
		Phase phase = new Phase();
		phase.setupSeconds = setupSeconds;
		phase.setupMargin = (startMillis - System.currentTimeMillis()) / 1000.0;
		long lastDue = due.values().stream().mapToLong(Long::longValue).max().orElse(startMillis);
		long firstDue = due.values().stream().mapToLong(Long::longValue).min().orElse(startMillis);
		// What the JVM uses with nothing due (schedulers, acquisition, this benchmark's polling), for comparison.
		long idleCpu = processCpuNanos();
		long idleWall = System.nanoTime();
		Thread.sleep(Math.max(0, Math.min(5000, firstDue - System.currentTimeMillis() - 500)));
		double idleCores = (processCpuNanos() - idleCpu) / (double) (System.nanoTime() - idleWall);
		while (System.currentTimeMillis() < firstDue) {
			Thread.sleep(Math.max(1, Math.min(200, firstDue - System.currentTimeMillis())));
		}
		ThreadCpu threads = new ThreadCpu();
		threads.start();
		long cpuAtStart = processCpuNanos();
		long databaseCpuAtStart = databaseCpuNanos();
		long wallAtStart = System.nanoTime();
		phase.idleCores = idleCores;
		long nextReport = firstDue + 10_000;
		while (true) {
			long now = System.currentTimeMillis();
			long fired = due.keySet().stream().filter(FIRED::containsKey).count();
			memory.sample();
			threads.sample();
			if (fired == due.size() || now > lastDue + drain * 1000L) {
				break;
			}
			if (now >= nextReport) {
				long overdue = due.values().stream().filter(time -> time <= now).count();
				System.out.printf("  %3d s: %d of %d due fired%n", (now - firstDue) / 1000, fired, overdue);
				nextReport += 10_000;
			}
			Thread.sleep(250);
		}
		long end = System.currentTimeMillis();
		if (emails) {
			// The CPU a journey's timer causes includes delivering its email, which may still be in the outbox.
			awaitEmptyOutbox(true);
		}
		phase.cpuNanos = processCpuNanos() - cpuAtStart;
		phase.threadCpuNanos = threads.byGroup();
		phase.databaseCpuNanos = databaseCpuAtStart < 0 ? -1 : databaseCpuNanos() - databaseCpuAtStart;
		phase.wallNanos = System.nanoTime() - wallAtStart;
		long lastFired = firstDue;
		for (Map.Entry<String, Long> timer : due.entrySet()) {
			Long firedAt = FIRED.get(timer.getKey());
			if (firedAt != null) {
				phase.fired.add(firedAt - timer.getValue());
				phase.all.add(firedAt - timer.getValue());
				lastFired = Math.max(lastFired, firedAt);
			}
			else {
				phase.censored.add(end - timer.getValue());
				phase.all.add(end - timer.getValue());
			}
		}
		phase.timers = due.size();
		phase.firingSeconds = (lastFired - firstDue) / 1000.0;
		Collections.sort(phase.fired);
		Collections.sort(phase.censored);
		Collections.sort(phase.all);
		return phase;
	}

	/**
	 * Fires {@code bench.timer-warmup} timers of a bare process unmeasured, then as many as the journeys, measured.
	 * The instances started are added to {@code instances}, to be deleted at the end.
	 */
	private Phase fireBare(boolean inputs, List<String> report, List<String> instances) throws Exception {
		String name = inputs ? "bare, step with inputs" : "bare Camunda";
		List<String> started = startBareInstances(warmup + dueRate * seconds, inputs);
		instances.addAll(started);
		if (warmup > 0) {
			System.out.printf("%s: warming up, %d timers due at %d/s...%n", name, warmup, dueRate);
			report.add(warmedUp(name, fire(bareTimers(started.subList(0, warmup)), false)));
			report.add(awaitQuietJvm());
		}
		System.out.printf("%s: %d timers due at %d/s for %d s...%n", name, dueRate * seconds, dueRate, seconds);
		return fire(bareTimers(started.subList(warmup, started.size())), false);
	}

	/**
	 * A warm-up's summary. The code a fired timer runs was never run before it (seeding runs other code), and the JIT
	 * compiler took a third of the JVM's CPU of a ten-second run that started cold; a node in production has long
	 * compiled it, so the measured run comes after a warm-up of the same workload.
	 */
	private static String warmedUp(String name, Phase phase) {
		return String.format("warm-up              %s: %d timers, %d fired, %.2f ms JVM CPU per timer (%.0f %% JIT "
				+ "compiler)", name, phase.timers, phase.fired.size(), phase.cpuPerTimerMillis(),
				100.0 * phase.threadCpuNanos.getOrDefault(ThreadCpu.JIT, 0L) / Math.max(1, phase.cpuNanos));
	}

	/**
	 * Starts {@code count} instances of a bare process: a timer, a no-op step and an event-based gateway. With
	 * {@code inputs} the step has the two constant input parameters a journey's "Send email" step has.
	 */
	private List<String> startBareInstances(int count, boolean inputs) throws Exception {
		String key = inputs ? BARE_PROCESS_WITH_INPUTS : BARE_PROCESS;
		ServiceTaskBuilder step = Bpmn.createExecutableProcess(key).camundaHistoryTimeToLive(1)
				.startEvent()
				.intermediateCatchEvent(BARE_TIMER).timerWithDuration("P3D")
				.serviceTask("NoOp").camundaExpression("${true}");
		if (inputs) {
			step = step.camundaInputParameter("template", "follow-up").camundaInputParameter("category", "MARKETING");
		}
		BpmnModelInstance model = step
				.eventBasedGateway()
				.intermediateCatchEvent("BareClicked").message("BenchmarkBareClicked").endEvent()
				.moveToLastGateway()
				.intermediateCatchEvent("BareSilence").timerWithDuration("P5D").endEvent()
				.done();
		context.getBean(RepositoryService.class).createDeployment().name(key).enableDuplicateFiltering(true)
				.addModelInstance(key + ".bpmn", model).deploy();
		RuntimeService runtime = context.getBean(RuntimeService.class);
		List<String> ids = Collections.synchronizedList(new ArrayList<>());
		long start = System.nanoTime();
		parallel(count, 4, i -> ids.add(runtime.startProcessInstanceByKey(key).getId()));
		System.out.printf("  started %d instances of %s in %.0f s%n", count, key, (System.nanoTime() - start) / 1e9);
		return ids;
	}

	private List<Job> bareTimers(List<String> instances) {
		Set<String> ids = Set.copyOf(instances);
		return management.createJobQuery().timers().activityId(BARE_TIMER).list()
				.stream().filter(job -> ids.contains(job.getProcessInstanceId())).toList();
	}

	// ---- database size ----

	private List<String> databaseSize(int leads) throws IOException {
		List<String> lines = new ArrayList<>();
		double scale = 100_000.0 / Math.max(1, leads);
		if (database.startsWith("jdbc:mysql") || database.startsWith("jdbc:mariadb")) {
			// InnoDB's sizes are statistics; fresh ones first.
			for (String table : jdbc.queryForList(
					"select table_name from information_schema.TABLES where table_schema = database()", String.class)) {
				jdbc.queryForList("analyze table `" + table + "`");
			}
			Map<String, long[]> sizes = new LinkedHashMap<>();
			jdbc.query("""
					select case when table_name like 'ACT\\_%' then 'Camunda ACT_*'
					            when table_name like 'QRTZ\\_%' then 'Quartz QRTZ_*' else 'project tables' end,
					       sum(data_length), sum(index_length)
					from information_schema.TABLES where table_schema = database() group by 1 order by 1""",
					row -> {
						sizes.put(row.getString(1), new long[] { row.getLong(2), row.getLong(3) });
					});
			long total = 0;
			for (Map.Entry<String, long[]> size : sizes.entrySet()) {
				long bytes = size.getValue()[0] + size.getValue()[1];
				total += bytes;
				lines.add(String.format("database size        %-15s %6.0f MiB per 100,000 leads (data %.0f, indexes %.0f)",
						size.getKey(), bytes * scale / (1 << 20), size.getValue()[0] * scale / (1 << 20),
						size.getValue()[1] * scale / (1 << 20)));
			}
			lines.add(String.format("database size        %-15s %6.0f MiB per 100,000 leads (%.0f MiB for %d leads)",
					"all", total * scale / (1 << 20), total / (double) (1 << 20), leads));
		}
		else if (database.startsWith("jdbc:h2:file:")) {
			Path file = Path.of(database.substring("jdbc:h2:file:".length()).split(";")[0] + ".mv.db");
			long bytes = Files.size(file);
			lines.add(String.format("database size        H2 file %.0f MiB per 100,000 leads (%.0f MiB for %d leads)",
					bytes * scale / (1 << 20), bytes / (double) (1 << 20), leads));
		}
		else {
			lines.add("database size        not measured for " + database);
		}
		return lines;
	}

	// ---- helpers ----

	private int count(String sql) {
		return jdbc.queryForObject(sql, Integer.class);
	}

	private String jobExecutorSettings() {
		ProcessEngineConfigurationImpl configuration = (ProcessEngineConfigurationImpl) context
				.getBean(ProcessEngine.class).getProcessEngineConfiguration();
		JobExecutor executor = configuration.getJobExecutor();
		String pool = "";
		if (executor instanceof SpringJobExecutor spring
				&& spring.getTaskExecutor() instanceof ThreadPoolTaskExecutor threads) {
			pool = String.format("threads %d-%d, queue %d, ", threads.getCorePoolSize(), threads.getMaxPoolSize(),
					threads.getQueueCapacity());
		}
		return String.format("%sjobs per acquisition %d, wait %d ms (idle up to %d ms), backoff %d ms (max %d), "
				+ "by due date %s, timers first %s", pool, executor.getMaxJobsPerAcquisition(),
				executor.getWaitTimeInMillis(), executor.getMaxWait(), executor.getBackoffTimeInMillis(),
				executor.getMaxBackoff(),
				configuration.isJobExecutorAcquireByDueDate(), configuration.isJobExecutorPreferTimerJobs());
	}

	/** Runs {@code count} tasks on {@code threads} threads and waits for all of them. */
	private static void parallel(int count, int threads, IntConsumer task) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		AtomicInteger next = new AtomicInteger();
		List<Future<?>> workers = new ArrayList<>();
		for (int t = 0; t < threads; t++) {
			workers.add(pool.submit(() -> {
				for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
					task.accept(i);
				}
			}));
		}
		try {
			for (Future<?> worker : workers) {
				worker.get();
			}
		}
		finally {
			pool.shutdownNow();
		}
	}

	private static String loadAverage() {
		try {
			return Files.readString(Path.of("/proc/loadavg")).trim();
		}
		catch (IOException e) {
			return String.format("%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
		}
	}

	private HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
				.header("Authorization", AUTHORIZATION).header("Content-Type", "application/json");
	}

	/** Every other lead a decision maker (track "B2B decision makers"), the others track "general". */
	private static String leadJson(String run, int i) {
		return """
				{"email":"journey-%s-%d@example.com","firstName":"Ada","lastName":"Lovelace","company":"Analytical Engines",
				 "jobTitle":"%s","industry":"Software","country":"GB","language":"en","source":"benchmark","consent":true}"""
				.formatted(run, i, i % 2 == 0 ? "CTO" : "Marketing Manager");
	}

	private static String seconds(List<Long> sortedMillis, double quantile) {
		return sortedMillis.isEmpty() ? "-" : String.format("%.1f s", quantile(sortedMillis, quantile) / 1000.0);
	}

	/** One firing phase: lateness in milliseconds, sorted. */
	private static final class Phase {

		final List<Long> fired = new ArrayList<>();
		final List<Long> censored = new ArrayList<>();
		final List<Long> all = new ArrayList<>();
		int timers;
		double setupSeconds;
		double setupMargin;
		double firingSeconds;
		double idleCores;
		long cpuNanos;
		long databaseCpuNanos;
		long wallNanos;
		Map<String, Long> threadCpuNanos = Map.of();

		double cpuPerTimerMillis() {
			return fired.isEmpty() ? Double.NaN : cpuNanos / 1e6 / fired.size();
		}

		void print(String name) {
			System.out.printf("  %-20s %d timers; due dates set in %.1f s (%.1f s to spare)%n", name, timers,
					setupSeconds, setupMargin);
			System.out.printf("    fired              %d, %.0f/s (the last %.1f s after the first due date)%n",
					fired.size(), fired.size() / Math.max(0.001, firingSeconds), firingSeconds);
			System.out.printf("    lateness (fired)   p50 %s  p95 %s  p99 %s  max %s%n", seconds(fired, 0.5),
					seconds(fired, 0.95), seconds(fired, 0.99), seconds(fired, 1.0));
			System.out.printf("    not fired at end   %d (censored; late by at least p50 %s, max %s)%n",
					censored.size(), seconds(censored, 0.5), seconds(censored, 1.0));
			System.out.printf("    lateness (all)     p50 %s  p95 %s  p99 %s  max %s (censored ones at their bound)%n",
					seconds(all, 0.5), seconds(all, 0.95), seconds(all, 0.99), seconds(all, 1.0));
			System.out.printf("    CPU per timer      %.2f ms (JVM process CPU, %.2f cores busy over %.0f s; %.2f cores "
					+ "just before, with nothing due)%n", cpuPerTimerMillis(), cpuNanos / (double) wallNanos,
					wallNanos / 1e9, idleCores);
			ThreadCpu.print(threadCpuNanos, cpuNanos, fired.size(), "      ");
			if (databaseCpuNanos >= 0 && !fired.isEmpty()) {
				System.out.printf("    database CPU       %.2f ms per timer (%.2f cores busy)%n",
						databaseCpuNanos / 1e6 / fired.size(), databaseCpuNanos / (double) wallNanos);
			}
		}
	}

	/** Adds the transaction listener that records when a measured timer's step committed. */
	static final class FiringClock extends AbstractProcessEnginePlugin {

		private static final ExecutionListener RECORD = execution -> {
			String processInstance = execution.getProcessInstanceId();
			Context.getCommandContext().getTransactionContext().addTransactionListener(TransactionState.COMMITTED,
					committed -> FIRED.put(processInstance, System.currentTimeMillis()));
		};

		@Override
		public void preInit(ProcessEngineConfigurationImpl configuration) {
			List<BpmnParseListener> listeners = new ArrayList<>(configuration.getCustomPostBPMNParseListeners() != null
					? configuration.getCustomPostBPMNParseListeners() : List.of());
			listeners.add(new AbstractBpmnParseListener() {
				@Override
				public void parseIntermediateTimerEventDefinition(Element definition, ActivityImpl timer) {
					if (MEASURED_TIMERS.contains(timer.getId())) {
						timer.addListener(ExecutionListener.EVENTNAME_END, RECORD);
					}
				}
			});
			configuration.setCustomPostBPMNParseListeners(listeners);
		}
	}
}
