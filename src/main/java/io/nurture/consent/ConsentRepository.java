package io.nurture.consent;

import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.jdbc.repository.query.Modifying;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.springframework.data.repository.Repository;

interface ConsentRepository extends Repository<Consent, String> {

	Optional<Consent> findById(String leadId);

	/** The status alone: what every email checks, twice (when queued and right before it is sent). */
	@Query("SELECT status FROM consents WHERE lead_id = :leadId")
	Optional<ConsentStatus> findStatus(String leadId);

	/** The statuses of several leads at once, for the dispatcher's check of a batch of emails. */
	@Query("SELECT lead_id, status FROM consents WHERE lead_id IN (:leadIds)")
	List<LeadStatus> findStatuses(Collection<String> leadIds);

	record LeadStatus(String leadId, ConsentStatus status) {
	}

	Consent save(Consent consent);

	@Modifying
	@Query("DELETE FROM consents WHERE lead_id = :leadId")
	void deleteByLeadId(String leadId);
}
