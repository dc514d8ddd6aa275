package io.nurture.lead;

import org.springframework.data.jdbc.repository.query.Modifying;
import java.util.List;

import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.Repository;

interface StageChangeRepository extends Repository<StageChange, Long> {

	StageChange save(StageChange change);

	@Query("SELECT * FROM lead_stage_changes WHERE lead_id = :leadId ORDER BY changed_at, id")
	List<StageChange> findByLeadId(String leadId);

	@Modifying
	@Query("DELETE FROM lead_stage_changes WHERE lead_id = :leadId")
	void deleteByLeadId(String leadId);
}
