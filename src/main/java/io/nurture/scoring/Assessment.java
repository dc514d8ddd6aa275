package io.nurture.scoring;

/**
 * Where a lead stands after a score change: its score (fit plus engagement), its grade (fit A–D with engagement
 * 1–4, A1 best), and whether the MQL rule holds.
 */
public record Assessment(String leadId, String model, int score, int fitScore, int engagementScore, String grade,
		boolean mql) {
}
