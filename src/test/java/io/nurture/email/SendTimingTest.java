package io.nurture.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;

import org.junit.jupiter.api.Test;

/** When marketing email may arrive: send windows in the lead's own time zone, and the frequency cap. */
class SendTimingTest {

	private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
	private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

	private final SendTiming timing = new SendTiming(MailSettingsFixture.defaults());

	@Test
	void anEmailDueAtThreeInTheMorningLocalTimeWaitsForTheMorning() {
		Instant threeAm = at(BERLIN, "2026-11-24T03:00"); // a Tuesday

		SendTiming.Hold hold = timing.check(EmailCategory.MARKETING, "business-hours", BERLIN, List.of(), threeAm)
				.orElseThrow();

		assertThat(hold.until()).isEqualTo(at(BERLIN, "2026-11-24T09:00"));
		assertThat(hold.reason()).isEqualTo("Send window 'business-hours': waits for Tue 09:00 Europe/Berlin");
	}

	@Test
	void theWindowIsTheLeadsOwnBusinessDayNotTheServers() {
		Instant berlinAfternoon = at(BERLIN, "2026-11-24T15:00"); // 09:00 in New York

		assertThat(timing.check(EmailCategory.MARKETING, "business-hours", BERLIN, List.of(), berlinAfternoon)).isEmpty();
		assertThat(timing.check(EmailCategory.MARKETING, "business-hours", NEW_YORK, List.of(), berlinAfternoon)).isEmpty();
		Instant berlinEvening = at(BERLIN, "2026-11-24T18:00"); // 12:00 in New York
		assertThat(timing.check(EmailCategory.MARKETING, "business-hours", BERLIN, List.of(), berlinEvening))
				.hasValueSatisfying(hold -> assertThat(hold.until()).isEqualTo(at(BERLIN, "2026-11-25T09:00")));
		assertThat(timing.check(EmailCategory.MARKETING, "business-hours", NEW_YORK, List.of(), berlinEvening)).isEmpty();
	}

	@Test
	void fridayEveningWaitsForMonday() {
		Instant fridayEvening = at(BERLIN, "2026-11-27T17:00");

		assertThat(timing.check(EmailCategory.MARKETING, "business-hours", BERLIN, List.of(), fridayEvening))
				.hasValueSatisfying(hold -> assertThat(hold.until()).isEqualTo(at(BERLIN, "2026-11-30T09:00")));
	}

	@Test
	void anyTimeAndTransactionalEmailGoOutAtOnce() {
		Instant sundayNight = at(BERLIN, "2026-11-29T03:00");

		assertThat(timing.check(EmailCategory.MARKETING, "any-time", BERLIN, List.of(), sundayNight)).isEmpty();
		assertThat(timing.check(EmailCategory.OPT_IN, "business-hours", BERLIN, List.of(), sundayNight)).isEmpty();
	}

	@Test
	void anEmailOverTheFrequencyCapIsDelayedUntilTheOldestCountedEmailLeavesThePeriod() {
		Instant now = at(BERLIN, "2026-11-26T10:00");
		List<Instant> sent = List.of(at(BERLIN, "2026-11-23T11:30"), at(BERLIN, "2026-11-25T10:00"));

		SendTiming.Hold hold = timing.check(EmailCategory.MARKETING, "business-hours", BERLIN, sent, now).orElseThrow();

		assertThat(hold.until()).isEqualTo(at(BERLIN, "2026-11-30T11:30"));
		assertThat(hold.reason()).startsWith("Frequency cap: 2 marketing emails in 7 days already sent; delayed, not dropped");
		assertThat(timing.check(EmailCategory.MARKETING, "business-hours", BERLIN, sent.subList(1, 2), now)).isEmpty();
		assertThat(timing.check(EmailCategory.OPT_IN, null, BERLIN, sent, now)).as("transactional email is exempt").isEmpty();
	}

	@Test
	void aCappedEmailThatWouldFallOnASaturdayWaitsForTheNextWindowToo() {
		Instant now = at(BERLIN, "2026-11-26T10:00");
		List<Instant> sent = List.of(at(BERLIN, "2026-11-21T10:00"), at(BERLIN, "2026-11-25T10:00"));

		SendTiming.Hold hold = timing.check(EmailCategory.MARKETING, "business-hours", BERLIN, sent, now).orElseThrow();

		assertThat(hold.until()).isEqualTo(at(BERLIN, "2026-11-30T09:00"));
		assertThat(hold.reason()).contains("Frequency cap").contains("Send window 'business-hours': waits for Mon 09:00");
	}

	@Test
	void theZoneComesFromTheLeadElseItsCountryElseTheDefault() {
		assertThat(timing.zoneOf("America/Chicago", "DE")).isEqualTo(ZoneId.of("America/Chicago"));
		assertThat(timing.zoneOf(null, "GB")).isEqualTo(ZoneId.of("Europe/London"));
		assertThat(timing.zoneOf(null, "US")).as("several zones: the default").isEqualTo(BERLIN);
		assertThat(timing.zoneOf("Not/AZone", null)).isEqualTo(BERLIN);
	}

	@Test
	void aSendStepMayNameOnlyAWindowThatExists() {
		assertThat(timing.windowName(null)).isEqualTo("business-hours");
		assertThat(timing.windowName("any-time")).isEqualTo("any-time");
		assertThatThrownBy(() -> timing.windowName("weekends")).hasMessageContaining("'weekends' is not defined")
				.hasMessageContaining("any-time");
	}

	private static Instant at(ZoneId zone, String local) {
		return LocalDateTime.parse(local).atZone(zone).toInstant();
	}
}
