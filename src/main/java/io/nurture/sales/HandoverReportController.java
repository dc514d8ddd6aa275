package io.nurture.sales;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/reports/handover}: for marketing and the sales managers (SecurityConfiguration says so), the closed
 * loop in figures.
 */
@RestController
class HandoverReportController {

	private final SalesReviewRepository reviews;
	private final CrmHandoverRepository crm;
	private final JdbcTemplate jdbc;

	HandoverReportController(SalesReviewRepository reviews, CrmHandoverRepository crm, JdbcTemplate jdbc) {
		this.reviews = reviews;
		this.crm = crm;
		this.jdbc = jdbc;
	}

	@GetMapping("/api/reports/handover")
	HandoverReport handover() {
		List<SalesReview> all = reviews.findReviews();
		// A lead captured twice through one source or campaign counts for it once.
		Map<String, Set<String>> sourcesByLead = new TreeMap<>();
		Map<String, Set<String>> campaignsByLead = new TreeMap<>();
		jdbc.query("SELECT lead_id, source, campaign FROM lead_sources", row -> {
			sourcesByLead.computeIfAbsent(row.getString(1), id -> new TreeSet<>()).add(row.getString(2));
			if (row.getString(3) != null) {
				campaignsByLead.computeIfAbsent(row.getString(1), id -> new TreeSet<>()).add(row.getString(3));
			}
		});
		Map<String, List<SalesReview>> byJourney = all.stream().collect(Collectors.groupingBy(
				review -> review.journey() != null ? review.journey() : "unknown", TreeMap::new, Collectors.toList()));
		List<HandoverReport.PendingHandover> waiting = crm.findPending().stream()
				.map(h -> new HandoverReport.PendingHandover(h.id(), h.leadId(), h.attempts(), h.nextAttemptAt(),
						h.lastError()))
				.toList();
		return new HandoverReport(HandoverReport.Figures.of(all), figures(grouped(all, sourcesByLead)),
				figures(grouped(all, campaignsByLead)), figures(byJourney),
				new HandoverReport.Crm(crm.countDelivered(), waiting.size(), waiting));
	}

	/** The reviews under each key their lead has (its sources, or its campaigns). */
	private static Map<String, List<SalesReview>> grouped(List<SalesReview> reviews, Map<String, Set<String>> keysByLead) {
		Map<String, List<SalesReview>> grouped = new TreeMap<>();
		for (SalesReview review : reviews) {
			for (String key : keysByLead.getOrDefault(review.leadId(), Set.of())) {
				grouped.computeIfAbsent(key, k -> new ArrayList<>()).add(review);
			}
		}
		return grouped;
	}

	private static Map<String, HandoverReport.Figures> figures(Map<String, List<SalesReview>> groups) {
		Map<String, HandoverReport.Figures> figures = new TreeMap<>();
		groups.forEach((key, reviews) -> figures.put(key, HandoverReport.Figures.of(reviews)));
		return figures;
	}
}
