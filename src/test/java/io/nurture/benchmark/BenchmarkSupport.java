package io.nurture.benchmark;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;

import com.icegreen.greenmail.mail.MovingMessage;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.user.UserImpl;
import com.icegreen.greenmail.util.GreenMail;

/** What the benchmarks share: their API user, reading answers, CPU time, percentiles and memory peaks. */
final class BenchmarkSupport {

	static final String USER = "benchmark";
	static final String PASSWORD = "benchmark-pass";
	/** The {@code Authorization} header of the benchmark user (HTTP Basic). */
	static final String AUTHORIZATION = "Basic "
			+ Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));

	private BenchmarkSupport() {
	}

	/**
	 * Adds what makes a benchmark's engine run as production's does. The benchmarks run on the test classpath, where
	 * Selenium brings the OpenTelemetry API; MySQL Connector/J finds it there and opens a span for every statement
	 * (2 % of the JVM's samples in a recording of the email benchmark). Production has no OpenTelemetry on its
	 * classpath, so its driver traces nothing; here the driver is told not to.
	 */
	static void asInProduction(Map<String, String> properties) {
		String url = System.getenv("SPRING_DATASOURCE_URL");
		if (url != null && url.startsWith("jdbc:mysql:")) {
			properties.put("spring.datasource.hikari.data-source-properties.openTelemetry", "DISABLED");
		}
	}

	/** The benchmark user, in group marketing, unless a reused database has it already. */
	static void createUser(IdentityService identity) {
		if (identity.createUserQuery().userId(USER).count() > 0) {
			return;
		}
		if (identity.createGroupQuery().groupId("marketing").count() == 0) {
			identity.saveGroup(identity.newGroup("marketing"));
		}
		User user = identity.newUser(USER);
		user.setPassword(PASSWORD);
		identity.saveUser(user);
		identity.createMembership(USER, "marketing");
	}

	/** A string field of a JSON answer. */
	static String field(String json, String name) {
		Matcher matcher = Pattern.compile("\"" + name + "\":\"([^\"]+)\"").matcher(json);
		if (!matcher.find()) {
			throw new IllegalStateException("No " + name + " in " + json);
		}
		return matcher.group(1);
	}

	/**
	 * Makes the SMTP server take every email over the wire as any would (connection, envelope, DATA) and then drop it,
	 * counting it: the benchmarks read none, and storing them cost more than the engine's sending. By default GreenMail
	 * makes a user and a mailbox per address and parses each email into it; emptying 2000 leads' mailboxes every
	 * second took most of a core, and parsing the emails a quarter of one.
	 */
	static AtomicLong countAndDrop(GreenMail mail) {
		AtomicLong received = new AtomicLong();
		GreenMailUser sink = new UserImpl("sink@benchmark.invalid", "sink", "sink",
				mail.getManagers().getImapHostManager()) {
			@Override
			public void deliver(MovingMessage message) {
				received.incrementAndGet();
			}
		};
		mail.getUserManager().setMessageDeliveryHandler((message, address) -> sink);
		return received;
	}

	/**
	 * After seeding or warming up, the JIT compiler and the garbage collector go on working for a minute or two (half
	 * a core and more here), which the CPU per timer or email would count: waits until the JVM uses less than a fifth
	 * of a core over 5 s, for at most 3 minutes.
	 */
	static String awaitQuietJvm() throws InterruptedException {
		long start = System.nanoTime();
		double cores;
		do {
			long cpu = processCpuNanos();
			long wall = System.nanoTime();
			Thread.sleep(5000);
			cores = (processCpuNanos() - cpu) / (double) (System.nanoTime() - wall);
		}
		while (cores >= 0.2 && System.nanoTime() - start < TimeUnit.MINUTES.toNanos(3));
		return String.format("JVM quiet            %.2f cores busy after %.0f s of waiting", cores,
				(System.nanoTime() - start) / 1e9);
	}

	/** CPU time of this whole JVM: the engine, the load generator and the SMTP server, all threads. */
	static long processCpuNanos() {
		return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
				.getProcessCpuTime();
	}

	/**
	 * CPU time of the database server process named by {@code bench.db-pid} (a local MariaDB or MySQL, from
	 * {@code /proc}), or -1 when none is named.
	 */
	static long databaseCpuNanos() {
		String pid = System.getProperty("bench.db-pid", "");
		if (pid.isBlank()) {
			return -1;
		}
		try {
			String stat = Files.readString(Path.of("/proc", pid.strip(), "stat"));
			String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
			// utime and stime, fields 14 and 15 of proc(5), in clock ticks of 10 ms
			return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10_000_000L;
		}
		catch (IOException | RuntimeException e) {
			return -1;
		}
	}

	/** The value at the quantile (nearest rank) of sorted values, or -1 when there are none. */
	static long quantile(List<Long> sorted, double quantile) {
		if (sorted.isEmpty()) {
			return -1;
		}
		int index = Math.min(sorted.size() - 1, (int) Math.ceil(quantile * sorted.size()) - 1);
		return sorted.get(Math.max(0, index));
	}

	/**
	 * CPU time of this JVM's threads by what they do, from {@code /proc/self/task}: the Java threads (by their names,
	 * which the kernel keeps to 15 characters) and the JVM's own (collector, JIT compiler), which no Java API lists.
	 * Threads that end between two samples (an SMTP server's connection threads) keep the time of their last sample;
	 * sample often. Linux only; elsewhere it reports nothing.
	 */
	static final class ThreadCpu {

		static final String JIT = "JIT compiler";

		/** Thread id to its CPU time when measuring started. */
		private final Map<String, Long> start = new HashMap<>();
		/** Thread id to its name and its CPU time when last seen. */
		private final Map<String, Map.Entry<String, Long>> last = new HashMap<>();

		void start() {
			start.clear();
			last.clear();
			read().forEach((id, thread) -> start.put(id, thread.getValue()));
		}

		void sample() {
			last.putAll(read());
		}

		/** CPU nanoseconds since {@link #start} per group of threads, largest first. */
		Map<String, Long> byGroup() {
			sample();
			Map<String, Long> groups = new HashMap<>();
			last.forEach((id, thread) -> groups.merge(group(thread.getKey()),
					thread.getValue() - start.getOrDefault(id, 0L), Long::sum));
			return groups.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
					.collect(LinkedHashMap::new, (map, group) -> map.put(group.getKey(), group.getValue()), Map::putAll);
		}

		/**
		 * Prints each group that took at least 1 % of {@code cpuNanos}: its CPU per unit of work ({@code count} of
		 * them) and its share.
		 */
		static void print(Map<String, Long> groups, long cpuNanos, int count, String indent) {
			if (count == 0) {
				return;
			}
			groups.entrySet().stream().filter(group -> group.getValue() * 100 >= cpuNanos)
					.forEach(group -> System.out.printf("%s%-32s %5.2f ms (%2.0f %%)%n", indent, group.getKey(),
							group.getValue() / 1e6 / count, 100.0 * group.getValue() / cpuNanos));
		}

		static String group(String name) {
			if (name.startsWith("camundaTaskExe")) {
				return "job executor: steps";
			}
			if (name.startsWith("JobExecutor")) {
				return "job executor: acquisition";
			}
			if (name.startsWith("outbox-dispatch") || name.startsWith("quartzScheduler")) {
				return "outbox dispatcher, Quartz";
			}
			if (name.startsWith("http-nio")) {
				return "Tomcat: API requests";
			}
			if (name.startsWith("HttpClient") || name.startsWith("ForkJoinPool.co")) {
				return "load generator (HTTP client)";
			}
			if (name.startsWith("smtp")) {
				return "SMTP server (GreenMail)";
			}
			if (name.startsWith("GC ") || name.startsWith("G1 ") || name.startsWith("VM Periodic")
					|| name.startsWith("VM Thread")) {
				return "collector, VM";
			}
			if (name.contains("CompilerThre")) {
				return JIT;
			}
			return "other (" + name.replaceAll("[-#0-9]+$", "") + ")";
		}

		private static Map<String, Map.Entry<String, Long>> read() {
			Map<String, Map.Entry<String, Long>> threads = new HashMap<>();
			try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
				tasks.forEach(task -> {
					try {
						String stat = Files.readString(task.resolve("stat"));
						String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
						String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
						// utime and stime, fields 14 and 15 of proc(5), in clock ticks of 10 ms
						long nanos = (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10_000_000L;
						threads.put(task.getFileName().toString(), Map.entry(name, nanos));
					}
					catch (IOException | RuntimeException e) {
						// The thread ended while being read.
					}
				});
			}
			catch (IOException e) {
				return Map.of();
			}
			return threads;
		}
	}

	/** Peak heap (sum of the heap pools' peaks, sampled too) and peak resident set (VmHWM) since the last reset. */
	static final class MemoryPeaks {

		private long peakHeap;

		void reset() {
			ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
			peakHeap = 0;
			try {
				// "5" resets the kernel's peak resident set size (VmHWM) of this process.
				Files.writeString(Path.of("/proc/self/clear_refs"), "5");
			}
			catch (IOException | RuntimeException e) {
				System.out.println("  (could not reset VmHWM: " + e.getMessage() + ")");
			}
		}

		void sample() {
			long used = 0;
			long peaks = 0;
			for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
				if (pool.getType() == MemoryType.HEAP) {
					used += pool.getUsage().getUsed();
					peaks += pool.getPeakUsage().getUsed();
				}
			}
			peakHeap = Math.max(peakHeap, Math.max(used, peaks));
		}

		long peakHeap() {
			sample();
			return peakHeap;
		}

		long peakRss() {
			try (Stream<String> lines = Files.lines(Path.of("/proc/self/status"))) {
				return lines.filter(line -> line.startsWith("VmHWM:")).findFirst()
						.map(line -> Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024).orElse(-1L);
			}
			catch (IOException e) {
				return -1;
			}
		}
	}
}
