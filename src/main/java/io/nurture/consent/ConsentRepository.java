package io.nurture.consent;

import java.util.Optional;

import org.springframework.data.repository.Repository;

interface ConsentRepository extends Repository<Consent, String> {

	Optional<Consent> findById(String leadId);

	Consent save(Consent consent);
}
