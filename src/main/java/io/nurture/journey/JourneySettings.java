package io.nurture.journey;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

/** How running leads are moved to a new journey version, and how far a journey simulation looks ahead. */
@Validated
@ConfigurationProperties("nurture.journeys")
public record JourneySettings(@Valid @NotNull Migration migration, @Valid @NotNull Simulation simulation) {

	/** Leads are migrated {@code chunkSize} at a time, each chunk in one transaction. */
	public record Migration(@Positive int chunkSize) {
	}

	/**
	 * A simulation stops at {@code horizon} of simulated time unless the request names another, and after
	 * {@code maxSteps} timers and reactions, whichever comes first.
	 */
	public record Simulation(@NotNull Duration horizon, @Positive int maxSteps) {
	}
}
