package io.nurture.links;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** Where public links point and the secret that signs them; the engine refuses to start without a secret. */
@Validated
@ConfigurationProperties("nurture.links")
record LinkSettings(
		@NotBlank String baseUrl,
		@NotBlank(message = "must be set (NURTURE_LINKS_SECRET): it signs the confirmation, unsubscribe and tracking links")
		@Size(min = 32, message = "must be at least 32 characters long") String secret,
		@NotNull Duration confirmationValidity) {
}
