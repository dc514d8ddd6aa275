package io.nurture.email;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

	/** The suppressions of several addresses, by the address as given, read in one query; see {@link #of(String)}. */
	default Map<String, Suppression> of(Collection<String> addresses) {
		Map<String, String> addressByKey = new HashMap<>();
		for (String address : addresses) {
			addressByKey.put(Bounces.normalize(address), address);
			addressByKey.put(Suppression.erasedKey(address), address);
		}
		Map<String, Suppression> suppressed = new HashMap<>();
		for (Suppression suppression : findByKeys(addressByKey.keySet())) {
			suppressed.putIfAbsent(addressByKey.get(suppression.emailNormalized()), suppression);
		}
		return suppressed;
	}

	@Modifying
	@Query("INSERT INTO email_suppressions (email_normalized, reason, detail, source, created_at) VALUES (:email, :reason, :detail, :source, :now)")
	void insert(String email, String reason, String detail, String source, Instant now);

	@Modifying
	@Query("DELETE FROM email_suppressions WHERE email_normalized = :emailNormalized")
	void delete(String emailNormalized);
}
