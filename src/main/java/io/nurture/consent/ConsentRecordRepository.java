package io.nurture.consent;

import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.jdbc.repository.query.Modifying;
import java.util.List;

import org.springframework.data.repository.Repository;

interface ConsentRecordRepository extends Repository<ConsentRecord, Long> {

	ConsentRecord save(ConsentRecord record);

	List<ConsentRecord> findByLeadIdOrderById(String leadId);

	@Modifying
	@Query("DELETE FROM consent_records WHERE lead_id = :leadId")
	void deleteByLeadId(String leadId);
}
