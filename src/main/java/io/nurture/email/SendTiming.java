package io.nurture.email;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.springframework.stereotype.Component;

import io.nurture.lead.Whereabouts;

/**
 * When a marketing email may go out: inside its send window in the lead's own time zone, and not more often than
 * the frequency cap allows. Transactional email (the opt-in confirmation) is never held.
 */
@Component
class SendTiming {

	/** Countries with one time zone; leads elsewhere without a zone of their own get the configured default. */
	private static final Map<String, String> COUNTRY_ZONES = Map.ofEntries(Map.entry("DE", "Europe/Berlin"),
			Map.entry("AT", "Europe/Vienna"), Map.entry("CH", "Europe/Zurich"), Map.entry("GB", "Europe/London"),
			Map.entry("IE", "Europe/Dublin"), Map.entry("FR", "Europe/Paris"), Map.entry("NL", "Europe/Amsterdam"),
			Map.entry("BE", "Europe/Brussels"), Map.entry("LU", "Europe/Luxembourg"), Map.entry("IT", "Europe/Rome"),
			Map.entry("ES", "Europe/Madrid"), Map.entry("PL", "Europe/Warsaw"), Map.entry("CZ", "Europe/Prague"),
			Map.entry("DK", "Europe/Copenhagen"), Map.entry("SE", "Europe/Stockholm"), Map.entry("NO", "Europe/Oslo"),
			Map.entry("FI", "Europe/Helsinki"), Map.entry("GR", "Europe/Athens"), Map.entry("IN", "Asia/Kolkata"),
			Map.entry("JP", "Asia/Tokyo"), Map.entry("CN", "Asia/Shanghai"), Map.entry("SG", "Asia/Singapore"),
			Map.entry("NZ", "Pacific/Auckland"), Map.entry("ZA", "Africa/Johannesburg"));
	private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("EEE HH:mm", Locale.ENGLISH);

	private final MailSettings settings;

	SendTiming(MailSettings settings) {
		this.settings = settings;
	}

	/** Why and until when an email must wait; empty when it may go out now. */
	record Hold(Instant until, String reason) {
	}

	/** The window a send step names must exist; null means the default window. */
	String windowName(String requested) {
		String name = requested == null || requested.isBlank() ? settings.defaultSendWindow() : requested.strip();
		if (!settings.sendWindows().containsKey(name)) {
			throw new IllegalArgumentException("Send window '" + name + "' is not defined in nurture.mail.send-windows; defined: "
					+ settings.sendWindows().keySet());
		}
		return name;
	}

	/**
	 * Whether a due email may go out now. {@code recentlySent} holds when the lead's last marketing emails went out,
	 * oldest first, within the cap's period.
	 */
	Optional<Hold> check(EmailCategory category, String window, ZoneId zone, List<Instant> recentlySent, Instant now) {
		if (category != EmailCategory.MARKETING) {
			return Optional.empty();
		}
		MailSettings.FrequencyCap cap = settings.frequencyCap();
		Instant earliest = now;
		String reason = null;
		if (recentlySent.size() >= cap.max()) {
			earliest = recentlySent.get(recentlySent.size() - cap.max()).plus(cap.period());
			reason = "Frequency cap: " + cap.max() + " marketing emails in " + describe(cap.period())
					+ " already sent; delayed, not dropped";
		}
		String name = window != null && settings.sendWindows().containsKey(window) ? window : settings.defaultSendWindow();
		Instant opening = nextOpening(settings.sendWindows().get(name), earliest, zone);
		if (opening.isAfter(earliest)) {
			String waits = "Send window '" + name + "': waits for " + LOCAL.format(opening.atZone(zone)) + " " + zone.getId();
			reason = reason == null ? waits : reason + "; " + waits;
		}
		return opening.isAfter(now) ? Optional.of(new Hold(opening, reason)) : Optional.empty();
	}

	/** The lead's own zone if valid, else its country's where the country has one zone, else the default. */
	ZoneId zoneOf(Whereabouts lead) {
		return zoneOf(lead.timeZone(), lead.country());
	}

	ZoneId zoneOf(String timeZone, String country) {
		if (timeZone != null) {
			try {
				return ZoneId.of(timeZone);
			}
			catch (DateTimeException ignored) {
				// Stored before validation existed: fall through to the country.
			}
		}
		String zone = country != null ? COUNTRY_ZONES.get(country.toUpperCase(Locale.ROOT)) : null;
		return zone != null ? ZoneId.of(zone) : settings.defaultTimeZone();
	}

	/** The earliest moment at or after {@code at} that lies inside the window, in the given zone. */
	static Instant nextOpening(MailSettings.SendWindow window, Instant at, ZoneId zone) {
		ZonedDateTime local = at.atZone(zone);
		for (int offset = 0; offset <= 7; offset++) {
			LocalDate day = local.toLocalDate().plusDays(offset);
			if (!window.days().contains(day.getDayOfWeek())) {
				continue;
			}
			ZonedDateTime open = day.atTime(window.from()).atZone(zone);
			ZonedDateTime close = window.until().equals(LocalTime.MIDNIGHT) ? day.plusDays(1).atStartOfDay(zone)
					: day.atTime(window.until()).atZone(zone);
			if (local.isBefore(close)) {
				return local.isBefore(open) ? open.toInstant() : at;
			}
		}
		throw new IllegalStateException("Send window " + window + " never opens");
	}

	private static String describe(Duration period) {
		return period.toHours() % 24 == 0 ? period.toDays() + " days" : period.toString();
	}
}
