package io.nurture.journey;

import java.net.URI;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A journey request that cannot be answered: an unknown journey, version or activity, or a mapping Camunda refuses. */
public class JourneyProblem extends ErrorResponseException {

	private JourneyProblem(HttpStatus status, String title, String type, String detail, Map<String, Object> properties) {
		super(status, problem(status, title, type, detail, properties), null);
	}

	public static JourneyProblem unknownJourney(String key) {
		return new JourneyProblem(HttpStatus.NOT_FOUND, "Journey not found", "journey-not-found",
				"No journey with key '" + key + "' is deployed", Map.of("journey", key));
	}

	public static JourneyProblem unknownVersion(String key, String field, int version) {
		return new JourneyProblem(HttpStatus.BAD_REQUEST, "Unknown journey version", "unknown-journey-version",
				field + ": journey '" + key + "' has no version " + version, Map.of("journey", key, "field", field));
	}

	public static JourneyProblem invalid(String field, String detail) {
		return new JourneyProblem(HttpStatus.BAD_REQUEST, "Invalid request", "invalid-request", field + ": " + detail,
				Map.of("field", field));
	}

	public static JourneyProblem refusedPlan(String detail, Object failures) {
		return new JourneyProblem(HttpStatus.BAD_REQUEST, "Migration not possible", "migration-refused", detail,
				Map.of("failures", failures));
	}

	private static ProblemDetail problem(HttpStatus status, String title, String type, String detail,
			Map<String, Object> properties) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setTitle(title);
		problem.setType(URI.create("urn:nurture:problem:" + type));
		properties.forEach(problem::setProperty);
		return problem;
	}
}
