package io.nurture.sales;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

/** How fast sales must react to a lead (in business time), and where qualified leads go: the CRM webhook. */
@Validated
@ConfigurationProperties("nurture.handover")
record HandoverSettings(
		@NotNull Duration reminderAfter,
		@NotNull Duration escalateAfter,
		@Valid @NotNull BusinessHours businessHours,
		@Valid @NotNull Crm crm) {

	/** When sales works: the days, the hours of each and the time zone they are in. */
	record BusinessHours(@NotEmpty Set<DayOfWeek> days, @NotNull LocalTime start, @NotNull LocalTime end,
			@NotNull ZoneId timeZone) {
	}

	/**
	 * The CRM webhook: qualified leads are posted to {@code url} (none: they wait in the queue), signed with HMAC-SHA256
	 * under {@code secret}, and retried with exponential backoff from {@code firstRetryDelay} up to
	 * {@code maxRetryDelay}, for as long as it takes.
	 */
	record Crm(String url, String secret, @NotNull Duration deliveryInterval, @NotNull Duration firstRetryDelay,
			@NotNull Duration maxRetryDelay, @NotNull Duration timeout) {
	}
}
