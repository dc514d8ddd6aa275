package io.nurture.email;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

/** The sender every email names, and how the outbox delivers. */
@Validated
@ConfigurationProperties("nurture.mail")
record MailSettings(
		@NotBlank @Email String from,
		@NotBlank String fromName,
		@NotBlank @Email String replyTo,
		@NotBlank String company,
		@NotBlank String postalAddress,
		@NotBlank String website,
		@NotNull Duration dispatchInterval,
		@Positive int maxAttempts,
		@NotNull Duration firstRetryDelay) {
}
