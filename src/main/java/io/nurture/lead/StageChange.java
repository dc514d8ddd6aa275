package io.nurture.lead;

import java.time.Instant;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/** One line of a lead's stage history: when it moved, from where to where, and why. */
@Table("lead_stage_changes")
public record StageChange(@Id Long id, String leadId, Stage fromStage, Stage toStage, String cause,
		Instant changedAt) {
}
