package io.nurture.links;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

/** The token bucket behind the public links' rate limit, on a clock the test moves. */
import io.nurture.MovableClock;

class RateLimiterTest {

	private final MovableClock clock = new MovableClock(Instant.parse("2026-11-25T10:00:00Z"));
	private final RateLimiter limiter = new RateLimiter(3, Duration.ofMinutes(1), 1000, clock);

	@Test
	void aBurstUpToTheCapacityPassesThenTheKeyWaitsForTheNextToken() {
		assertThat(limiter.acquire("a")).isEmpty();
		assertThat(limiter.acquire("a")).isEmpty();
		assertThat(limiter.acquire("a")).isEmpty();

		assertThat(limiter.acquire("a")).as("seconds to wait: one token comes every 20 s").hasValue(20);
		clock.advance(Duration.ofSeconds(15));
		assertThat(limiter.acquire("a")).hasValue(5);
		clock.advance(Duration.ofSeconds(5));
		assertThat(limiter.acquire("a")).isEmpty();
		assertThat(limiter.acquire("a")).hasValue(20);
	}

	@Test
	void keysAreCountedApartAndRefillNoHigherThanTheCapacity() {
		for (int i = 0; i < 3; i++) {
			limiter.acquire("a");
		}
		assertThat(limiter.acquire("b")).as("another key").isEmpty();

		clock.advance(Duration.ofHours(1));
		for (int i = 0; i < 3; i++) {
			assertThat(limiter.acquire("a")).isEmpty();
		}
		assertThat(limiter.acquire("a")).as("an hour of rest refills the capacity, no more").isPresent();
	}
}
