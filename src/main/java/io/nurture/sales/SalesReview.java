package io.nurture.sales;

import java.time.Instant;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/** A sales decision on a lead: accepted, or returned with a reason and a comment for marketing. */
@Table("sales_reviews")
public record SalesReview(@Id Long id, String leadId, String processInstanceId, String decision,
		ReturnReason returnReason, String comment, String reviewer, Instant decidedAt) {

	public static final String ACCEPT = "accept";
	public static final String RETURN = "return";
}
