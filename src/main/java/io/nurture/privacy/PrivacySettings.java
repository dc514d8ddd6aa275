package io.nurture.privacy;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

/** How long the engine keeps people it no longer hears from. */
@Validated
@ConfigurationProperties("nurture.privacy")
record PrivacySettings(@Valid @NotNull Retention retention) {

	/**
	 * A lead with no activity (no interaction, no change of its own) for {@code inactiveAfter} is erased, unless sales
	 * works with it (SAL, SQL, Opportunity) or it became a customer; the job runs every {@code interval}.
	 */
	record Retention(boolean enabled, @NotNull Duration inactiveAfter, @NotNull Duration interval,
			@Positive int batchSize) {
	}
}
