package io.nurture.lead;

import java.util.Optional;

import org.springframework.data.repository.Repository;

interface LeadRepository extends Repository<Lead, String> {

	Optional<Lead> findById(String id);

	Optional<Lead> findByEmailNormalized(String emailNormalized);

	Lead save(Lead lead);
}
