package io.nurture.sales;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;

import org.junit.jupiter.api.Test;

/** Business time, as the reminder and the escalation of a review count it: 9 to 17, Monday to Friday, in Berlin. */
class BusinessCalendarTest {

	private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
	private final BusinessCalendar calendar = new BusinessCalendar(new HandoverSettings.BusinessHours(
			EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), LocalTime.of(9, 0), LocalTime.of(17, 0), BERLIN));

	@Test
	void shouldCountWithinOneBusinessDay() {
		assertThat(plus("2026-11-24T10:00", "PT4H")).isEqualTo("2026-11-24T14:00");
	}

	@Test
	void shouldCarryTheRestOverToTheNextMorning() {
		assertThat(plus("2026-11-24T15:00", "PT4H")).isEqualTo("2026-11-25T11:00");
	}

	@Test
	void shouldSkipTheWeekend() {
		assertThat(plus("2026-11-27T15:00", "PT4H")).as("Friday 15:00").isEqualTo("2026-11-30T11:00");
	}

	@Test
	void shouldStartCountingWhenBusinessOpens() {
		assertThat(plus("2026-11-24T06:30", "PT1H")).as("before opening").isEqualTo("2026-11-24T10:00");
		assertThat(plus("2026-11-24T20:00", "PT1H")).as("after closing").isEqualTo("2026-11-25T10:00");
		assertThat(plus("2026-11-28T12:00", "PT1H")).as("on a Saturday").isEqualTo("2026-11-30T10:00");
	}

	@Test
	void shouldCountSeveralDaysOfBusinessTime() {
		assertThat(plus("2026-11-24T09:00", "PT16H")).as("two full business days").isEqualTo("2026-11-25T17:00");
	}

	@Test
	void shouldKeepBusinessHoursAcrossTheDaylightSavingChange() {
		// Sunday 29 March 2026 the clocks go forward in Berlin; Monday still opens at 9 local time.
		assertThat(plus("2026-03-27T16:00", "PT2H")).isEqualTo("2026-03-30T10:00");
	}

	@Test
	void shouldRefuseHoursThatEndBeforeTheyStart() {
		assertThatIllegalArgumentException().isThrownBy(() -> new BusinessCalendar(new HandoverSettings.BusinessHours(
				EnumSet.of(DayOfWeek.MONDAY), LocalTime.of(17, 0), LocalTime.of(9, 0), BERLIN)))
				.withMessageContaining("start before they end");
	}

	private String plus(String berlinTime, String businessTime) {
		Instant from = LocalDateTime.parse(berlinTime).atZone(BERLIN).toInstant();
		return calendar.plus(from, Duration.parse(businessTime)).atZone(BERLIN).toLocalDateTime().toString();
	}
}
