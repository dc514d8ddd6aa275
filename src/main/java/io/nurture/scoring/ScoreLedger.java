package io.nurture.scoring;

import org.springframework.data.jdbc.repository.query.Modifying;
import java.time.Instant;
import java.util.List;

import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.Repository;

/** The append-only score ledger: lines are added, never changed. */
interface ScoreLedger extends Repository<ScoreLedgerEntry, Long> {

	ScoreLedgerEntry save(ScoreLedgerEntry entry);

	@Query("SELECT * FROM score_ledger WHERE lead_id = :leadId ORDER BY id")
	List<ScoreLedgerEntry> findByLeadId(String leadId);

	/** What each fit rule contributes now: the sum of its lines, so a rule that stopped matching sums to zero. */
	@Query("""
			SELECT rule_id, SUM(points) AS points FROM score_ledger
			WHERE lead_id = :leadId AND axis = 'FIT' GROUP BY rule_id""")
	List<RuleTotal> fitByRule(String leadId);

	/** Everything that makes up the score now, grouped by rule (decay as one line), largest share first. */
	@Query("""
			SELECT axis, rule_id, MAX(reason) AS reason, SUM(points) AS points FROM score_ledger
			WHERE lead_id = :leadId GROUP BY axis, rule_id
			HAVING SUM(points) <> 0 ORDER BY ABS(SUM(points)) DESC, MAX(id) DESC LIMIT :limit""")
	List<ScoreExplanation.Contribution> contributions(String leadId, int limit);

	@Query("SELECT COUNT(*) FROM score_ledger WHERE lead_id = :leadId AND cause = :cause AND created_at >= :since")
	long countSince(String leadId, String cause, Instant since);

	record RuleTotal(String ruleId, int points) {
	}

	@Modifying
	@Query("DELETE FROM score_ledger WHERE lead_id = :leadId")
	void deleteByLeadId(String leadId);
}
