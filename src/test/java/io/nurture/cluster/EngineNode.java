package io.nurture.cluster;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One engine node: the packaged application jar in a JVM of its own, started with its own port and the cluster's
 * settings, killed the hard way (SIGKILL) and started again on the same port.
 */
final class EngineNode {

	final String name;
	final int port;
	private final Path jar;
	private final List<String> arguments;
	private final File log;
	private Process process;
	private int starts;
	/** Whether the load balancer would send it requests: from a completed start until it is killed. */
	volatile boolean ready;

	EngineNode(String name, int port, Path jar, List<String> arguments, File log) {
		this.name = name;
		this.port = port;
		this.jar = jar;
		this.arguments = arguments;
		this.log = log;
	}

	String baseUrl() {
		return "http://127.0.0.1:" + port;
	}

	long pid() {
		return process.pid();
	}

	void start() throws IOException {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(List.of("-Xmx768m", "-XX:+UseSerialGC", "-jar", jar.toString(), "--server.port=" + port));
		command.addAll(arguments);
		starts++;
		process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(log)).start();
	}

	/**
	 * Waits until the node has started (its log says so: Tomcat answers before the start is complete) and answers
	 * its API; fails naming the log when it died or took too long.
	 */
	void awaitReady(Duration timeout, String authorization) throws InterruptedException {
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			if (!process.isAlive()) {
				throw new AssertionError("Node " + name + " exited with " + process.exitValue() + " while starting; see " + log);
			}
			try {
				HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/api/journeys"))
						.header("Authorization", authorization).timeout(Duration.ofSeconds(5)).GET().build(),
						HttpResponse.BodyHandlers.discarding());
				if (response.statusCode() == 200 && startedLines() >= starts) {
					ready = true;
					return;
				}
			}
			catch (IOException notYet) {
				// Not listening yet.
			}
			Thread.sleep(500);
		}
		throw new AssertionError("Node " + name + " not ready after " + timeout + "; see " + log);
	}

	private long startedLines() {
		try (var lines = Files.lines(log.toPath(), StandardCharsets.UTF_8)) {
			return lines.filter(line -> line.contains("Started NurtureApplication in")).count();
		}
		catch (IOException | UncheckedIOException e) {
			return 0;
		}
	}

	/**
	 * Kills the JVM as a power cut or the OOM killer would: {@link Process#destroyForcibly()} sends SIGKILL on Linux,
	 * no shutdown hook runs. Returns the exit code (137 = 128 + SIGKILL).
	 */
	int kill() throws InterruptedException {
		ready = false;
		process.destroyForcibly();
		if (!process.waitFor(30, TimeUnit.SECONDS)) {
			throw new AssertionError("Node " + name + " still alive 30 s after SIGKILL");
		}
		return process.exitValue();
	}

	/** Stops the node at the end of the test (SIGTERM, a normal shutdown), forcibly if it hangs. */
	void stop() throws InterruptedException {
		if (process != null && process.isAlive()) {
			process.destroy();
			if (!process.waitFor(60, TimeUnit.SECONDS)) {
				process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
			}
		}
	}
}
