package io.nurture.email;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Map;
import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

/** The sender every email names, how the outbox delivers, when marketing email may go out, and where bounces arrive. */
@Validated
@ConfigurationProperties("nurture.mail")
record MailSettings(
		@NotBlank @Email String from,
		@NotBlank String fromName,
		@NotBlank @Email String replyTo,
		@NotBlank @Email String unsubscribeMailto,
		@NotBlank String company,
		@NotBlank String postalAddress,
		@NotBlank String website,
		@NotNull Duration dispatchInterval,
		@Positive @Max(32) int dispatchThreads,
		@Positive int maxAttempts,
		@NotNull Duration firstRetryDelay,
		@NotNull Duration maxRetryDelay,
		@NotNull Duration retryUnreachableFor,
		@NotNull Duration claimTimeout,
		@NotNull ZoneId defaultTimeZone,
		@NotBlank String defaultSendWindow,
		@NotEmpty Map<String, @Valid SendWindow> sendWindows,
		@Valid @NotNull FrequencyCap frequencyCap,
		@Valid @NotNull BounceMailbox bounceMailbox) {

	@AssertTrue(message = "default-send-window must name one of nurture.mail.send-windows")
	boolean isDefaultSendWindowDefined() {
		return sendWindows == null || sendWindows.containsKey(defaultSendWindow);
	}

	/** The days and local hours a marketing email may arrive; {@code until} 00:00 means midnight, the end of the day. */
	record SendWindow(@NotEmpty Set<DayOfWeek> days, @NotNull LocalTime from, @NotNull LocalTime until) {

		@AssertTrue(message = "from must be before until")
		boolean isOrdered() {
			return from == null || until == null || until.equals(LocalTime.MIDNIGHT) || from.isBefore(until);
		}
	}

	/** At most {@code max} marketing emails per lead in any {@code period}, across all journeys. */
	record FrequencyCap(@Positive int max, @NotNull Duration period) {
	}

	/** The mailbox that receives bounces and complaints (the Return-Path), read over IMAP. */
	record BounceMailbox(boolean enabled, @NotBlank String protocol, String host, int port, String username,
			String password, @NotNull Duration interval) {

		@AssertTrue(message = "host, port and username are required when the bounce mailbox is enabled")
		boolean isComplete() {
			return !enabled || (host != null && !host.isBlank() && port > 0 && username != null && !username.isBlank());
		}
	}
}
