package io.nurture.lead;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * The body of {@code POST /api/leads/{id}/stage}, as marketing or the CRM sends it. Only the stages that end nurture
 * are set from outside; the journey moves the lead through the others.
 */
record ChangeStageRequest(
		@NotNull @Pattern(regexp = "^(CUSTOMER|DISQUALIFIED)$", message = "must be CUSTOMER or DISQUALIFIED; the journey moves the lead through the other stages") String stage,
		@NotBlank @Size(max = 500) String cause) {
}
