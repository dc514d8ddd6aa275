package io.nurture.sales;

import java.time.Instant;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/**
 * A sales decision on a lead, with who took it and when: in the review (accept, or return with a reason and a
 * comment for marketing) or in qualification (qualified, return, disqualify). {@code journey} and {@code team} say
 * where the lead came from and who had it, for the handover report.
 */
@Table("sales_reviews")
public record SalesReview(@Id Long id, String leadId, String processInstanceId, Step step, String decision,
		ReturnReason returnReason, String comment, String reviewer, Instant decidedAt, String journey, String team) {

	public static final String ACCEPT = "accept";
	public static final String RETURN = "return";
	public static final String QUALIFIED = "qualified";
	public static final String DISQUALIFY = "disqualify";

	/** The task the decision was taken in. */
	public enum Step {
		REVIEW, QUALIFY
	}

	/** How the lead's history tells the decision: "Returned to nurture by sally: NO_BUDGET (No budget) - later". */
	String cause(String what) {
		StringBuilder cause = new StringBuilder(what);
		if (reviewer != null) {
			cause.append(" by ").append(reviewer);
		}
		if (returnReason != null) {
			cause.append(": ").append(returnReason.name()).append(" (").append(returnReason.label()).append(')');
		}
		if (comment != null) {
			cause.append(" - ").append(comment);
		}
		return cause.toString();
	}
}
