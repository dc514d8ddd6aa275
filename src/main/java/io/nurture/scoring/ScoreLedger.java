package io.nurture.scoring;

import org.springframework.data.jdbc.repository.query.Modifying;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.Repository;

/**
 * The append-only score ledger: lines are added, never changed, except that pruning folds a lead's old lines of one
 * rule into the latest of them (see {@link Scoring#compactLedger}), so that every sum still holds.
 */
interface ScoreLedger extends Repository<ScoreLedgerEntry, Long> {

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

	/** Leads with two or more lines of one rule and cause before the cutoff: what compaction can fold. */
	@Query("""
			SELECT DISTINCT lead_id FROM (SELECT lead_id FROM score_ledger WHERE created_at < :cutoff
			GROUP BY lead_id, axis, cause, decision, rule_id HAVING COUNT(*) > 1) foldable
			ORDER BY lead_id LIMIT :limit""")
	List<String> findCompactable(Instant cutoff, int limit);

	@Modifying
	@Query("UPDATE score_ledger SET points = :points, reason = :reason, interaction_id = NULL WHERE id = :id")
	void fold(long id, int points, String reason);

	@Modifying
	@Query("DELETE FROM score_ledger WHERE id IN (:ids)")
	void deleteAll(Collection<Long> ids);

	@Modifying
	@Query("DELETE FROM score_ledger WHERE lead_id = :leadId")
	void deleteByLeadId(String leadId);
}
