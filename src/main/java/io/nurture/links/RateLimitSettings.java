package io.nurture.links;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

/**
 * How often the public links answer one client address, and one link, in a {@code period}; more requests get 429
 * with Retry-After. The open pixel counts per link only: mail providers' image proxies fetch every open from a few
 * addresses.
 */
@Validated
@ConfigurationProperties("nurture.links.rate-limit")
record RateLimitSettings(@Positive int perAddress, @Positive int perLink, @NotNull Duration period,
		@Positive int trackedKeys) {
}
