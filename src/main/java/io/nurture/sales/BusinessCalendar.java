package io.nurture.sales;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;

/**
 * Adds business time to an instant: only the business hours of business days count, in the business time zone. Four
 * business hours from Friday 15:00 (9 to 17) end on Monday 11:00.
 */
record BusinessCalendar(HandoverSettings.BusinessHours hours) {

	BusinessCalendar {
		if (!hours.start().isBefore(hours.end())) {
			throw new IllegalArgumentException("Business hours must start before they end: " + hours.start() + " to "
					+ hours.end());
		}
	}

	Instant plus(Instant from, Duration businessTime) {
		ZonedDateTime at = from.atZone(hours.timeZone());
		Duration left = businessTime;
		while (true) {
			LocalDate day = at.toLocalDate();
			ZonedDateTime opens = day.atTime(hours.start()).atZone(hours.timeZone());
			ZonedDateTime closes = day.atTime(hours.end()).atZone(hours.timeZone());
			if (!hours.days().contains(day.getDayOfWeek()) || !at.isBefore(closes)) {
				at = day.plusDays(1).atTime(hours.start()).atZone(hours.timeZone());
				continue;
			}
			if (at.isBefore(opens)) {
				at = opens;
			}
			Duration today = Duration.between(at, closes);
			if (left.compareTo(today) <= 0) {
				return at.plus(left).toInstant();
			}
			left = left.minus(today);
			at = day.plusDays(1).atTime(hours.start()).atZone(hours.timeZone());
		}
	}
}
