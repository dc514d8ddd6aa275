package io.nurture.lead;

import java.time.Instant;

import org.springframework.data.relational.core.mapping.Table;

/**
 * One channel a lead came through, and the campaign if the capture named one; a lead keeps them all, so sales sees
 * whether a contact is already known.
 */
@Table("lead_sources")
public record LeadSource(String source, String campaign, Instant capturedAt) {
}
