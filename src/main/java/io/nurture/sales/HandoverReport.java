package io.nurture.sales;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How sales received marketing's leads: acceptance rate and return reasons in total, per source, per campaign and
 * per journey, and the CRM webhook's queue (what still waits for the CRM, and why).
 */
record HandoverReport(Figures total, Map<String, Figures> bySource, Map<String, Figures> byCampaign,
		Map<String, Figures> byJourney, Crm crm) {

	/** Reviews of leads from one source, campaign or journey; a lead with several sources counts for each. */
	record Figures(int reviewed, int accepted, int returned, double acceptanceRate, Map<ReturnReason, Integer> returnReasons) {

		static Figures of(List<SalesReview> reviews) {
			int accepted = 0;
			Map<ReturnReason, Integer> reasons = new TreeMap<>();
			for (SalesReview review : reviews) {
				if (SalesReview.ACCEPT.equals(review.decision())) {
					accepted++;
				}
				else if (review.returnReason() != null) {
					reasons.merge(review.returnReason(), 1, Integer::sum);
				}
			}
			int reviewed = reviews.size();
			double rate = reviewed == 0 ? 0 : Math.round(1000.0 * accepted / reviewed) / 1000.0;
			return new Figures(reviewed, accepted, reviewed - accepted, rate, reasons);
		}
	}

	record Crm(long delivered, int pending, List<PendingHandover> waiting) {
	}

	/** A handover the CRM has not taken yet: how often it was tried, when next, and what went wrong last. */
	record PendingHandover(String handoverId, String leadId, int attempts, java.time.Instant nextAttemptAt,
			String lastError) {
	}
}
