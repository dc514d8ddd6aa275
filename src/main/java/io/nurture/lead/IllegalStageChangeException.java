package io.nurture.lead;

import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A stage change the funnel does not allow, such as from Subscriber straight to Sales Accepted; a 409 problem. */
public class IllegalStageChangeException extends ErrorResponseException {

	IllegalStageChangeException(String leadId, Stage from, Stage to) {
		super(HttpStatus.CONFLICT, problem(leadId, from, to), null);
	}

	private static ProblemDetail problem(String leadId, Stage from, Stage to) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
				"Lead " + leadId + " cannot move from " + from + " to " + to);
		problem.setTitle("Stage change not allowed");
		problem.setType(URI.create("urn:nurture:problem:illegal-stage-change"));
		return problem;
	}

	@Override
	public String getMessage() {
		return getBody().getDetail();
	}
}
