package io.nurture.links;

import java.time.Clock;
import java.time.Duration;
import java.util.OptionalLong;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * A token bucket per key, in memory: {@code capacity} requests at once, refilled evenly over {@code period}. Keys
 * idle for a period are forgotten (a full bucket is no different from none), and at most {@code maxKeys} are kept,
 * so a flood of new addresses cannot fill the memory. Per node: a cluster of n nodes allows up to n times as much.
 */
class RateLimiter {

	private final int capacity;
	private final double nanosPerToken;
	private final Clock clock;
	private final Cache<String, Bucket> buckets;

	RateLimiter(int capacity, Duration period, int maxKeys, Clock clock) {
		this.capacity = capacity;
		this.nanosPerToken = (double) period.toNanos() / capacity;
		this.clock = clock;
		this.buckets = Caffeine.newBuilder().expireAfterAccess(period).maximumSize(maxKeys).build();
	}

	/** Empty when the request may go ahead (and is counted), else the seconds until it may. */
	OptionalLong acquire(String key) {
		Bucket bucket = buckets.get(key, k -> new Bucket(capacity, now()));
		synchronized (bucket) {
			long now = now();
			bucket.tokens = Math.min(capacity, bucket.tokens + (now - bucket.updated) / nanosPerToken);
			bucket.updated = now;
			if (bucket.tokens >= 1) {
				bucket.tokens -= 1;
				return OptionalLong.empty();
			}
			long waitNanos = (long) Math.ceil((1 - bucket.tokens) * nanosPerToken);
			return OptionalLong.of(Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L));
		}
	}

	private long now() {
		Duration sinceEpoch = Duration.ofMillis(clock.millis());
		return sinceEpoch.toNanos();
	}

	private static final class Bucket {

		double tokens;
		long updated;

		Bucket(double tokens, long updated) {
			this.tokens = tokens;
			this.updated = updated;
		}
	}
}
