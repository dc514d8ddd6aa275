package io.nurture.sales;

import java.time.Clock;
import java.util.Date;

import org.springframework.stereotype.Component;

/**
 * The due dates of the review's reminder and escalation timers, in business time; the BPMN timers call
 * {@code ${handoverTimers.reminderDue()}} and {@code ${handoverTimers.escalationDue()}} when the review starts.
 */
@Component("handoverTimers")
public class HandoverTimers {

	private final HandoverSettings settings;
	private final BusinessCalendar calendar;
	private final Clock clock;

	HandoverTimers(HandoverSettings settings, Clock clock) {
		this.settings = settings;
		this.calendar = new BusinessCalendar(settings.businessHours());
		this.clock = clock;
	}

	public Date reminderDue() {
		return Date.from(calendar.plus(clock.instant(), settings.reminderAfter()));
	}

	public Date escalationDue() {
		return Date.from(calendar.plus(clock.instant(), settings.escalateAfter()));
	}
}
