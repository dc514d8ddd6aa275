package io.nurture.consent;

import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.jdbc.repository.query.Modifying;
import java.util.Optional;

import org.springframework.data.repository.Repository;

interface ConsentRepository extends Repository<Consent, String> {

	Optional<Consent> findById(String leadId);

	Consent save(Consent consent);

	@Modifying
	@Query("DELETE FROM consents WHERE lead_id = :leadId")
	void deleteByLeadId(String leadId);
}
