package io.nurture.privacy;

import java.time.Instant;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/** One thing done to a person's data (such as its erasure), by whom and when; it names the lead by id only. */
@Table("privacy_audit")
record PrivacyAudit(@Id Long id, String leadId, String action, String actor, String detail, Instant createdAt) {
}
