package io.nurture.journey;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

/**
 * Which running leads of a journey move to which version. Without {@code fromVersion} every older version moves;
 * without {@code toVersion} they move to the latest. Activities with the same id are mapped onto each other;
 * {@code mappings} add or replace single ones. Without {@code dryRun: false} nothing moves: the answer only says what
 * would. {@code updateEventTriggers} recomputes the waiting timers and message subscriptions from the new version.
 */
record MigrationRequest(@Positive Integer fromVersion, @Positive Integer toVersion, Boolean dryRun,
		@Size(max = 1000, message = "may hold at most 1000 mappings") List<@Valid Mapping> mappings,
		boolean updateEventTriggers) {

	MigrationRequest {
		mappings = mappings == null ? List.of() : List.copyOf(mappings);
	}

	boolean isDryRun() {
		return dryRun == null || dryRun;
	}

	/** One explicit instruction: leads waiting at activity {@code from} continue at {@code to}. */
	record Mapping(@NotBlank @Size(max = 255) String from, @NotBlank @Size(max = 255) String to) {
	}
}
