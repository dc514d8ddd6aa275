package io.nurture.scoring;

import java.util.List;

import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.Repository;

/** The append-only score ledger: lines are added, never changed. */
interface ScoreLedger extends Repository<ScoreLedgerEntry, Long> {

	ScoreLedgerEntry save(ScoreLedgerEntry entry);

	@Query("SELECT * FROM score_ledger WHERE lead_id = :leadId ORDER BY id")
	List<ScoreLedgerEntry> findByLeadId(String leadId);
}
