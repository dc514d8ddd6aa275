package io.nurture.privacy;

import java.util.List;

import org.springframework.data.repository.Repository;

interface PrivacyAuditRepository extends Repository<PrivacyAudit, Long> {

	PrivacyAudit save(PrivacyAudit entry);

	List<PrivacyAudit> findByLeadIdOrderById(String leadId);
}
