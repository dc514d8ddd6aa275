package io.nurture.lead;

import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.jdbc.repository.query.Modifying;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.springframework.data.repository.Repository;

interface LeadRepository extends Repository<Lead, String> {

	Optional<Lead> findById(String id);

	Optional<Lead> findByEmailNormalized(String emailNormalized);

	Lead save(Lead lead);

	@Query("SELECT stage FROM leads WHERE id = :id")
	Optional<Stage> findStage(String id);

	@Query("SELECT id, email, first_name, last_name, company, job_title, industry, country, language FROM leads "
			+ "WHERE id = :id")
	Optional<Recipient> findRecipient(String id);

	@Query("SELECT id, time_zone, country FROM leads WHERE id IN (:ids)")
	List<Located> findWhereabouts(Collection<String> ids);

	/** A lead's id with its whereabouts. */
	record Located(String id, String timeZone, String country) {
	}

	/** How many leads stand in each stage; one index-free scan, cached by the caller. */
	@Query("SELECT stage, COUNT(*) AS leads FROM leads GROUP BY stage")
	List<StageCount> countByStage();

	record StageCount(Stage stage, long leads) {
	}

	@Modifying
	@Query("DELETE FROM lead_sources WHERE lead_id = :leadId")
	void deleteSources(String leadId);

	@Modifying
	@Query("DELETE FROM leads WHERE id = :leadId")
	int deleteLead(String leadId);
}
