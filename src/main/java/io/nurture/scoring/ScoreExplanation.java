package io.nurture.scoring;

import java.util.List;

/** Why a lead has its score and grade: the values, the MQL verdict, the largest contributions and the ledger. */
public record ScoreExplanation(String leadId, String model, int score, int fitScore, int engagementScore,
		String grade, String fitGrade, int engagementGrade, boolean mql, String mqlReason,
		List<Contribution> topContributions, List<ScoreLedgerEntry> ledger) {

	/** What one rule, or decay, adds to the score now. */
	public record Contribution(ScoreLedgerEntry.Axis axis, String ruleId, String reason, int points) {
	}

	/** What a sales user reads in the review task: the score, the MQL verdict, and the top contributions. */
	public String summary() {
		StringBuilder text = new StringBuilder("Score ").append(score).append(" (fit ").append(fitScore)
				.append(", engagement ").append(engagementScore).append("): ").append(mqlReason).append('.');
		for (Contribution contribution : topContributions) {
			text.append("\n- ").append(contribution.points() > 0 ? "+" : "").append(contribution.points()).append(' ')
					.append(contribution.reason());
		}
		return text.toString();
	}
}
