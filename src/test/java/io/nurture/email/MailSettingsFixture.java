package io.nurture.email;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.Map;

/** Mail settings as application.yml has them, for tests that build the email parts without Spring. */
final class MailSettingsFixture {

	private MailSettingsFixture() {
	}

	static MailSettings defaults() {
		return new MailSettings("news@northwind.example", "Northwind Marketing", "hello@northwind.example",
				"unsubscribe@northwind.example", "Northwind Analytics GmbH", "Hafenstrasse 12, 20457 Hamburg, Germany",
				"https://northwind.example", Duration.ofSeconds(2), 4, 8, Duration.ofSeconds(30), Duration.ofMinutes(15), Duration.ofDays(2),
				Duration.ofMinutes(10), ZoneId.of("Europe/Berlin"),
				"business-hours",
				Map.of("business-hours",
						new MailSettings.SendWindow(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), LocalTime.of(9, 0),
								LocalTime.of(17, 0)),
						"any-time", new MailSettings.SendWindow(EnumSet.allOf(DayOfWeek.class), LocalTime.MIDNIGHT,
								LocalTime.MIDNIGHT)),
				new MailSettings.FrequencyCap(2, Duration.ofDays(7)),
				new MailSettings.BounceMailbox(false, "imaps", null, 993, null, null, Duration.ofMinutes(1)));
	}

	/** The same settings with another claim timeout: tests of a node killed mid-send wait seconds, not minutes. */
	static MailSettings withClaimTimeout(MailSettings settings, Duration claimTimeout) {
		return new MailSettings(settings.from(), settings.fromName(), settings.replyTo(), settings.unsubscribeMailto(),
				settings.company(), settings.postalAddress(), settings.website(), settings.dispatchInterval(),
				settings.dispatchThreads(), settings.maxAttempts(), settings.firstRetryDelay(), settings.maxRetryDelay(),
				settings.retryUnreachableFor(), claimTimeout, settings.defaultTimeZone(), settings.defaultSendWindow(),
				settings.sendWindows(), settings.frequencyCap(), settings.bounceMailbox());
	}

	/** The same settings with another limit on how long an unreachable mail server is retried. */
	static MailSettings withRetryUnreachableFor(MailSettings settings, Duration retryUnreachableFor) {
		return new MailSettings(settings.from(), settings.fromName(), settings.replyTo(), settings.unsubscribeMailto(),
				settings.company(), settings.postalAddress(), settings.website(), settings.dispatchInterval(),
				settings.dispatchThreads(), settings.maxAttempts(), settings.firstRetryDelay(), settings.maxRetryDelay(),
				retryUnreachableFor, settings.claimTimeout(), settings.defaultTimeZone(), settings.defaultSendWindow(),
				settings.sendWindows(), settings.frequencyCap(), settings.bounceMailbox());
	}

	/** The same settings with one SMTP connection: all due emails are claimed and checked in the same chunks. */
	static MailSettings withOneConnection(MailSettings settings) {
		return new MailSettings(settings.from(), settings.fromName(), settings.replyTo(), settings.unsubscribeMailto(),
				settings.company(), settings.postalAddress(), settings.website(), settings.dispatchInterval(), 1,
				settings.maxAttempts(), settings.firstRetryDelay(), settings.maxRetryDelay(), settings.retryUnreachableFor(),
				settings.claimTimeout(), settings.defaultTimeZone(), settings.defaultSendWindow(), settings.sendWindows(),
				settings.frequencyCap(), settings.bounceMailbox());
	}

	/** The same settings with another retry schedule: tests of outages retry in milliseconds, not minutes. */
	static MailSettings withRetries(MailSettings settings, Duration firstRetryDelay, int maxAttempts) {
		return new MailSettings(settings.from(), settings.fromName(), settings.replyTo(), settings.unsubscribeMailto(),
				settings.company(), settings.postalAddress(), settings.website(), settings.dispatchInterval(),
				settings.dispatchThreads(), maxAttempts, firstRetryDelay, settings.maxRetryDelay(),
				settings.retryUnreachableFor(), settings.claimTimeout(), settings.defaultTimeZone(),
				settings.defaultSendWindow(), settings.sendWindows(), settings.frequencyCap(), settings.bounceMailbox());
	}
}
