package io.nurture.sales;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.springframework.stereotype.Component;

import io.nurture.consent.Consents;
import io.nurture.lead.Lead;
import io.nurture.lead.LeadSource;
import io.nurture.lead.Leads;
import io.nurture.lead.Stage;
import io.nurture.lead.StageChange;
import io.nurture.scoring.Interaction;
import io.nurture.scoring.InteractionType;
import io.nurture.scoring.Scoring;

/**
 * What sales reads about a lead in the review and qualification forms, as text, built from the project's tables
 * each time the form is loaded: profile and contact data, the score, the topics it engaged with most, its downloads
 * and webinars, every source it came from, and how long it has been an MQL. Never stored in Camunda.
 * <p>
 * The engagement details (topics, downloads, webinars) are shown only while the lead consents to tracking
 * ({@code leadTracking} is {@code given}); otherwise they say they are withheld. The score and grade stay: they
 * rank the lead without telling what it read or when.
 */
@Component
class LeadSummary {

	static final List<String> VARIABLES = List.of("leadName", "leadRole", "leadCompany", "leadIndustry", "leadEmail",
			"leadPhone", "leadCountry", "leadScore", "leadTracking", "leadTopics", "leadDownloads", "leadWebinars",
			"leadSources", "leadMqlSince");
	static final String WITHHELD = "withheld: no consent to tracking";
	private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH)
			.withZone(ZoneOffset.UTC);
	private static final int TOP_TOPICS = 3;

	private final Leads leads;
	private final Scoring scoring;
	private final Consents consents;
	private final Clock clock;

	LeadSummary(Leads leads, Scoring scoring, Consents consents, Clock clock) {
		this.leads = leads;
		this.scoring = scoring;
		this.consents = consents;
		this.clock = clock;
	}

	Map<String, String> of(String leadId) {
		Lead lead = leads.require(leadId);
		boolean tracked = consents.tracking(leadId).given();
		List<Interaction> interactions = tracked ? scoring.interactions(leadId) : List.of();
		Map<String, String> summary = new LinkedHashMap<>();
		summary.put("leadName", orUnknown(join(" ", lead.getFirstName(), lead.getLastName())));
		summary.put("leadRole", orUnknown(lead.getJobTitle()));
		summary.put("leadCompany", orUnknown(lead.getCompanySize() != null && lead.getCompany() != null
				? lead.getCompany() + " (" + lead.getCompanySize() + " employees)" : lead.getCompany()));
		summary.put("leadIndustry", orUnknown(lead.getIndustry()));
		summary.put("leadEmail", orUnknown(lead.getEmail()));
		summary.put("leadPhone", orUnknown(lead.getPhone()));
		summary.put("leadCountry", orUnknown(lead.getCountry()));
		summary.put("leadScore", scoring.assessment(leadId)
				.map(a -> "grade " + a.grade() + ", score " + a.score()).orElse("not scored"));
		summary.put("leadTracking", tracked ? "given" : "not given");
		summary.put("leadTopics", tracked ? orNone(topTopics(interactions)) : WITHHELD);
		summary.put("leadDownloads", tracked ? orNone(contents(interactions, InteractionType.CONTENT_DOWNLOADED)) : WITHHELD);
		summary.put("leadWebinars", tracked ? orNone(contents(interactions, InteractionType.WEBINAR_ATTENDED)) : WITHHELD);
		summary.put("leadSources", sources(lead.getSources()));
		summary.put("leadMqlSince", mqlSince(leads.history(leadId)));
		return summary;
	}

	private static String topTopics(List<Interaction> interactions) {
		Map<String, Long> counts = interactions.stream().map(LeadSummary::topic).filter(Objects::nonNull)
				.collect(Collectors.groupingBy(Function.identity(), LinkedHashMap::new, Collectors.counting()));
		return counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
				.limit(TOP_TOPICS).map(e -> e.getKey() + " (" + e.getValue() + "x)").collect(Collectors.joining(", "));
	}

	/** The content's title, else the page's path, else what kind of thing the lead did. */
	private static String topic(Interaction interaction) {
		if (interaction.type() == InteractionType.UNSUBSCRIBED || interaction.type() == InteractionType.HARD_BOUNCED
				|| interaction.type() == InteractionType.RETURNED_BY_SALES) {
			return null;
		}
		if (interaction.content() != null && !interaction.content().isBlank()) {
			return interaction.content();
		}
		if (interaction.url() != null) {
			try {
				String path = URI.create(interaction.url()).getPath();
				if (path != null && path.length() > 1) {
					return path;
				}
			}
			catch (IllegalArgumentException e) {
				// not a usable address: fall back to the kind of interaction
			}
		}
		return interaction.type().name().toLowerCase(Locale.ROOT).replace('_', ' ');
	}

	private static String contents(List<Interaction> interactions, InteractionType type) {
		List<String> seen = new ArrayList<>();
		for (Interaction interaction : interactions) {
			if (interaction.type() == type) {
				String what = interaction.content() != null ? interaction.content() : "untitled";
				seen.add(what + " (" + DAY.format(interaction.occurredAt()) + ")");
			}
		}
		return String.join(", ", seen);
	}

	private static String sources(List<LeadSource> sources) {
		String list = sources.stream().map(s -> s.source() + " (" + DAY.format(s.capturedAt()) + ")")
				.collect(Collectors.joining(", "));
		return sources.size() > 1 ? list + ": known from " + sources.size() + " channels"
				: list + ": new contact, one channel so far";
	}

	private String mqlSince(List<StageChange> history) {
		Instant since = null;
		for (StageChange change : history) {
			if (change.toStage() == Stage.MQL) {
				since = change.changedAt();
			}
		}
		if (since == null) {
			return "not an MQL";
		}
		return ago(Duration.between(since, clock.instant())) + " (since " + DAY.format(since) + ")";
	}

	static String ago(Duration age) {
		if (age.toDays() >= 1) {
			return age.toDays() + (age.toDays() == 1 ? " day" : " days") + " ago";
		}
		if (age.toHours() >= 1) {
			return age.toHours() + (age.toHours() == 1 ? " hour" : " hours") + " ago";
		}
		return Math.max(age.toMinutes(), 0) == 0 ? "just now" : age.toMinutes() + " minutes ago";
	}

	private static String join(String separator, String... parts) {
		return java.util.Arrays.stream(parts).filter(p -> p != null && !p.isBlank()).collect(Collectors.joining(separator));
	}

	private static String orUnknown(String value) {
		return value == null || value.isBlank() ? "unknown" : value;
	}

	private static String orNone(String value) {
		return value.isBlank() ? "none yet" : value;
	}
}
