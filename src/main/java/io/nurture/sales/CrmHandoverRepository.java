package io.nurture.sales;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.data.jdbc.repository.query.Modifying;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.Repository;

interface CrmHandoverRepository extends Repository<CrmHandover, String> {

	/** The id is ours (the idempotency key), so a new handover is inserted, never saved over an existing one. */
	@Modifying
	@Query("""
			INSERT INTO crm_handovers (id, lead_id, process_instance_id, payload, status, attempts, next_attempt_at,
			    created_at)
			VALUES (:id, :leadId, :processInstanceId, :payload, 'PENDING', 0, :createdAt, :createdAt)""")
	int insert(String id, String leadId, String processInstanceId, String payload, Instant createdAt);

	Optional<CrmHandover> findById(String id);

	Optional<CrmHandover> findByProcessInstanceId(String processInstanceId);

	@Query("SELECT * FROM crm_handovers WHERE lead_id = :leadId ORDER BY created_at")
	List<CrmHandover> findByLeadId(String leadId);

	@Query("SELECT * FROM crm_handovers WHERE status = 'PENDING' ORDER BY created_at")
	List<CrmHandover> findPending();

	@Query("SELECT id FROM crm_handovers WHERE status = 'PENDING' AND next_attempt_at <= :now ORDER BY next_attempt_at LIMIT :limit")
	List<String> findDue(Instant now, int limit);

	@Query("SELECT COUNT(*) FROM crm_handovers WHERE status = 'DELIVERED'")
	long countDelivered();

	@Modifying
	@Query("""
			UPDATE crm_handovers SET status = 'DELIVERED', attempts = attempts + 1, delivered_at = :at, last_error = NULL
			WHERE id = :id AND status = 'PENDING'""")
	int markDelivered(String id, Instant at);

	@Modifying
	@Query("""
			UPDATE crm_handovers SET attempts = attempts + 1, next_attempt_at = :next, last_error = :error
			WHERE id = :id AND status = 'PENDING'""")
	int markAttemptFailed(String id, Instant next, String error);

	@Modifying
	@Query("DELETE FROM crm_handovers WHERE lead_id = :leadId")
	void deleteByLeadId(String leadId);
}
