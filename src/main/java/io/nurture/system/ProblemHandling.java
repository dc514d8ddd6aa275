package io.nurture.system;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

/** Turns bad requests into RFC 7807 problems that name the field at fault; nothing reaches the client as a bare 500. */
@RestControllerAdvice
class ProblemHandling extends ResponseEntityExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ProblemHandling.class);

	@Override
	protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<Map<String, String>> errors = ex.getBindingResult().getFieldErrors().stream()
				.map(error -> Map.of("field", error.getField(), "message", String.valueOf(error.getDefaultMessage())))
				.toList();
		String detail = ex.getBindingResult().getFieldErrors().stream()
				.map(error -> error.getField() + " " + error.getDefaultMessage()).sorted()
				.collect(Collectors.joining("; "));
		ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "Invalid request", detail, "invalid-request");
		problem.setProperty("errors", errors);
		return ResponseEntity.badRequest().body(problem);
	}

	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof RequestGuard.TooLarge tooLarge) {
				return ResponseEntity.status(HttpStatus.PAYLOAD_TOO_LARGE).body(RequestGuard.problem(tooLarge.limit));
			}
		}
		ProblemDetail problem;
		Throwable cause = ex.getCause();
		if (cause instanceof InvalidFormatException invalid && !invalid.getPath().isEmpty()) {
			String field = path(invalid);
			String detail = invalid.getTargetType() != null && invalid.getTargetType().isEnum()
					? field + " must be one of " + Arrays.toString(invalid.getTargetType().getEnumConstants())
					: field + " has a value of the wrong type: " + invalid.getValue();
			problem = problem(HttpStatus.BAD_REQUEST, "Invalid request", detail, "invalid-request");
			problem.setProperty("errors", List.of(Map.of("field", field, "message", detail)));
		}
		else if (cause instanceof UnrecognizedPropertyException unknown) {
			String detail = "Unknown field " + unknown.getPropertyName();
			problem = problem(HttpStatus.BAD_REQUEST, "Invalid request", detail, "invalid-request");
		}
		else if (cause instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
			String field = path(mapping);
			problem = problem(HttpStatus.BAD_REQUEST, "Invalid request", field + " has a value of the wrong type",
					"invalid-request");
			problem.setProperty("errors", List.of(Map.of("field", field, "message", "has a value of the wrong type")));
		}
		else if (cause instanceof JsonProcessingException malformed) {
			String where = malformed.getLocation() != null
					? " at line " + malformed.getLocation().getLineNr() + ", column " + malformed.getLocation().getColumnNr()
					: "";
			problem = problem(HttpStatus.BAD_REQUEST, "Malformed JSON", "The request body is not valid JSON" + where,
					"malformed-json");
		}
		else {
			problem = problem(HttpStatus.BAD_REQUEST, "Unreadable request", "The request body is missing or unreadable",
					"malformed-json");
		}
		return ResponseEntity.badRequest().body(problem);
	}

	/** The last line of defence: log the cause for operators, tell the client no internals. */
	@ExceptionHandler
	ResponseEntity<ProblemDetail> on(RuntimeException ex) {
		log.error("Request failed", ex);
		return ResponseEntity.internalServerError().body(problem(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error",
				"The request could not be completed; nothing was changed. Try again later.", "internal-error"));
	}

	private static String path(JsonMappingException ex) {
		return ex.getPath().stream()
				.map(reference -> reference.getFieldName() != null ? reference.getFieldName() : "[" + reference.getIndex() + "]")
				.collect(Collectors.joining(".")).replace(".[", "[");
	}

	private static ProblemDetail problem(HttpStatus status, String title, String detail, String type) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setTitle(title);
		problem.setType(URI.create("urn:nurture:problem:" + type));
		return problem;
	}
}
