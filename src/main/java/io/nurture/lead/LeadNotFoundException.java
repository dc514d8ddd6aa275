package io.nurture.lead;

import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** No lead has this id; answered as a 404 problem. */
public class LeadNotFoundException extends ErrorResponseException {

	public LeadNotFoundException(String leadId) {
		super(HttpStatus.NOT_FOUND, problem(leadId), null);
	}

	private static ProblemDetail problem(String leadId) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "No lead with id " + leadId);
		problem.setTitle("Lead not found");
		problem.setType(URI.create("urn:nurture:problem:lead-not-found"));
		problem.setProperty("leadId", leadId);
		return problem;
	}
}
