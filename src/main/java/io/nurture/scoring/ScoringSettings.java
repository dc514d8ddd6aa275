package io.nurture.scoring;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

/**
 * How leads are scored. The points and the MQL rule live in the DMN models ({@code processes/scoring-*.dmn}); here
 * are the model new leads start with, how many contributions an explanation lists, and how engagement fades.
 */
@Validated
@ConfigurationProperties("nurture.scoring")
record ScoringSettings(@NotBlank String defaultModel, @Positive int topContributions, @Valid @NotNull Decay decay) {

	/**
	 * Engagement halves every {@code halfLife}, and a lead silent for {@code inactiveAfter} gets the model's points
	 * for that once; the decay job runs every {@code interval}, a batch at a time.
	 */
	record Decay(boolean enabled, @NotNull Duration halfLife, @NotNull Duration inactiveAfter,
			@NotNull Duration interval, @Positive int batchSize) {
	}
}
