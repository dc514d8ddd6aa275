package io.nurture.operations;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

/**
 * How operators see the engine and how long its own tables keep detail. {@code metricsCacheTime}: how long a
 * counted figure (leads per stage, journeys, backlog, incidents) is reused before it is counted again, so that
 * scrapes from several Prometheus servers cost one set of queries.
 */
@Validated
@ConfigurationProperties("nurture.operations")
record OperationsSettings(@NotNull Duration metricsCacheTime, @Valid @NotNull Policy pruning) {

	/**
	 * What the pruning job removes, every {@code interval}, {@code batchSize} rows per transaction: the rendered
	 * bodies of delivered emails after {@code emailBodiesAfter}, delivery attempts after {@code deliveryAttemptsAfter},
	 * scored interactions after {@code interactionsAfter}, and score ledger lines after {@code ledgerAfter}, which are
	 * folded per rule rather than deleted.
	 */
	record Policy(boolean enabled, @NotNull Duration interval, @Positive int batchSize,
			@NotNull Duration emailBodiesAfter, @NotNull Duration deliveryAttemptsAfter,
			@NotNull Duration interactionsAfter, @NotNull Duration ledgerAfter) {
	}
}
