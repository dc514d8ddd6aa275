package io.nurture.consent;

import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.jdbc.repository.query.Modifying;
import java.util.Optional;

import org.springframework.data.repository.Repository;

interface ConsentRepository extends Repository<Consent, String> {

	Optional<Consent> findById(String leadId);

	/** The status alone: what every email checks, twice (when queued and right before it is sent). */
	@Query("SELECT status FROM consents WHERE lead_id = :leadId")
	Optional<ConsentStatus> findStatus(String leadId);

	Consent save(Consent consent);

	@Modifying
	@Query("DELETE FROM consents WHERE lead_id = :leadId")
	void deleteByLeadId(String leadId);
}
