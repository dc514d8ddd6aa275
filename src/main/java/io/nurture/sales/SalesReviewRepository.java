package io.nurture.sales;

import org.springframework.data.jdbc.repository.query.Modifying;
import java.util.List;
import java.util.Optional;

import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.Repository;

interface SalesReviewRepository extends Repository<SalesReview, Long> {

	SalesReview save(SalesReview review);

	@Query("SELECT * FROM sales_reviews WHERE lead_id = :leadId ORDER BY id DESC LIMIT 1")
	Optional<SalesReview> findLatestOfLead(String leadId);

	@Query("SELECT * FROM sales_reviews WHERE lead_id = :leadId ORDER BY id")
	List<SalesReview> findByLeadId(String leadId);

	@Query("SELECT * FROM sales_reviews WHERE step = 'REVIEW' ORDER BY id")
	List<SalesReview> findReviews();

	/** Decisions stay for the report; the free text, which may name the person, goes. */
	@Modifying
	@Query("UPDATE sales_reviews SET comment = NULL WHERE lead_id = :leadId")
	void forgetComments(String leadId);
}
