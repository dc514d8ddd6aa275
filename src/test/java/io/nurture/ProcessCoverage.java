package io.nurture;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.camunda.bpm.engine.spring.SpringProcessEngineConfiguration;
import org.camunda.bpm.spring.boot.starter.configuration.impl.AbstractCamundaConfiguration;
import org.camunda.community.process_test_coverage.engine.platform7.ProcessCoverageConfigurator;
import org.camunda.community.process_test_coverage.spring_test.common.ProcessEngineCoverageProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.test.context.TestContext;
import org.springframework.test.context.TestExecutionListener;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Process coverage (camunda-process-test-coverage): every test class of the shared context gets a report in
 * target/process-test-coverage/&lt;class&gt;/, and every process test class (named *ProcessTest) must reach
 * {@link #FLOOR} over the processes it answers for ({@link Covers}), or it fails, and the build with it. A journey
 * test passes through the sales handover on its way, and the handover test through the journey; each answers for
 * its own processes only.
 * <p>
 * The library's own floor would apply to every class of the shared context, and the other story tests are not
 * meant to cover the journeys; its coverage listeners must stay on for all of them, as they share one engine. So
 * {@link Floor} reads the report the library has just written for a process test class and checks it.
 */
@TestConfiguration(proxyBeanMethods = false)
public class ProcessCoverage {

	/** Every path of the journey and of every track has its test; this leaves room for very little else. */
	public static final double FLOOR = 0.95;

	static final String REPORTS = "target/process-test-coverage";

	/** The processes a process test class answers for: process keys, or prefixes ending in {@code *}. */
	@Retention(RetentionPolicy.RUNTIME)
	@Target(ElementType.TYPE)
	public @interface Covers {
		String[] value();
	}

	@Bean
	AbstractCamundaConfiguration processCoverageExtensions() {
		return new AbstractCamundaConfiguration() {
			@Override
			public void preInit(SpringProcessEngineConfiguration configuration) {
				ProcessCoverageConfigurator.initializeProcessCoverageExtensions(configuration);
			}
		};
	}

	@Bean
	ProcessEngineCoverageProperties processCoverageProperties() {
		return ProcessEngineCoverageProperties.builder().reportDirectory(REPORTS).build();
	}

	/**
	 * Fails a process test class whose coverage is under the floor. Runs after the library's listener (which has the
	 * lowest precedence, so its afterTestClass comes first) has written the class's report.
	 */
	public static class Floor implements TestExecutionListener, Ordered {

		@Override
		public int getOrder() {
			return Ordered.LOWEST_PRECEDENCE - 1;
		}

		@Override
		public void afterTestClass(TestContext context) throws IOException {
			String testClass = context.getTestClass().getName();
			if (!testClass.endsWith("ProcessTest")) {
				return;
			}
			Covers covers = context.getTestClass().getAnnotation(Covers.class);
			if (covers == null) {
				throw new AssertionError(testClass + " must say which processes it covers (@ProcessCoverage.Covers)");
			}
			Path report = Path.of(REPORTS, testClass, "report.json");
			if (!Files.exists(report)) {
				throw new AssertionError("No process coverage report for " + testClass + " at " + report);
			}
			double coverage = coverage(new ObjectMapper().readTree(report.toFile()), List.of(covers.value()));
			if (coverage < FLOOR) {
				throw new AssertionError("Process coverage of %s is %.1f %%, under the floor of %.0f %% (see %s)"
						.formatted(testClass, coverage * 100, FLOOR * 100, report.getParent().resolve("index.html")));
			}
		}

		/** Flow nodes and sequence flows passed, over all of them, in the processes the class answers for. */
		static double coverage(JsonNode report, List<String> covers) {
			int total = 0;
			Set<String> models = new HashSet<>();
			for (JsonNode model : report.get("models")) {
				if (!answersFor(covers, model.get("key").asText())) {
					continue;
				}
				total += model.get("totalElementCount").asInt();
				models.add(model.get("key").asText());
			}
			Set<String> covered = new HashSet<>();
			for (JsonNode run : report.get("suites").get(0).get("runs")) {
				for (JsonNode event : run.get("events")) {
					if (models.contains(event.get("modelKey").asText())) {
						covered.add(event.get("modelKey").asText() + "/" + event.get("definitionKey").asText());
					}
				}
			}
			return total == 0 ? 0 : (double) covered.size() / total;
		}

		private static boolean answersFor(List<String> covers, String processKey) {
			return covers.stream().anyMatch(pattern -> pattern.endsWith("*")
					? processKey.startsWith(pattern.substring(0, pattern.length() - 1))
					: processKey.equals(pattern));
		}
	}
}
