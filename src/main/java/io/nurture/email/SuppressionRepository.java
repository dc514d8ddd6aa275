package io.nurture.email;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.springframework.data.jdbc.repository.query.Modifying;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.Repository;

interface SuppressionRepository extends Repository<Suppression, String> {

	Optional<Suppression> findById(String emailNormalized);

	@Query("SELECT * FROM email_suppressions WHERE email_normalized IN (:keys)")
	List<Suppression> findByKeys(Collection<String> keys);

	/** The suppression of an address, if any: as it is (bounce, complaint) or as its hash (the person was erased). */
	default Optional<Suppression> of(String address) {
		return findByKeys(List.of(Bounces.normalize(address), Suppression.erasedKey(address))).stream().findFirst();
	}

	@Modifying
	@Query("INSERT INTO email_suppressions (email_normalized, reason, detail, source, created_at) VALUES (:email, :reason, :detail, :source, :now)")
	void insert(String email, String reason, String detail, String source, Instant now);

	@Modifying
	@Query("DELETE FROM email_suppressions WHERE email_normalized = :emailNormalized")
	void delete(String emailNormalized);
}
