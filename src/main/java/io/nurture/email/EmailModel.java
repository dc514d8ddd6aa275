package io.nurture.email;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

import freemarker.template.TemplateMethodModelEx;
import freemarker.template.TemplateModelException;

/**
 * The model every email template sees: {@code lead} (profile fields, each possibly missing, plus the derived
 * {@code role} and {@code industryKey} that content blocks switch on), {@code links}, {@code sender} and
 * {@code track(url)}. Built from plain values, so that templates never reach an entity or Java.
 */
final class EmailModel {

	// Compiled once: every queued email derives its lead's role and industry key.
	private static final Pattern EXECUTIVE = Pattern.compile("\\b(ceo|cfo|cto|cmo|coo|cio|chief|founder|owner|president"
			+ "|managing director|geschäftsführer\\w*|vorstand\\w*|inhaber\\w*)\\b");
	private static final Pattern MANAGER = Pattern.compile(
			"\\b(head|director|vp|vice president|manager\\w*|leiter\\w*|lead)\\b");
	private static final Pattern SOFTWARE = Pattern.compile("software|saas|\\bit\\b|information technology|tech|internet");
	private static final Pattern MANUFACTURING = Pattern.compile(
			"manufactur|industr|automotive|machin|maschinen|engineering|produktion");
	private static final Pattern FINANCE = Pattern.compile("bank|financ|insurance|versicherung|fintech");

	private EmailModel() {
	}

	/** The profile fields templates may use; values that are null or blank are left out, so templates fall back. */
	static Map<String, Object> of(Map<String, String> profile, Map<String, String> links, MailSettings sender,
			UnaryOperator<String> track) {
		Map<String, Object> lead = new HashMap<>();
		profile.forEach((key, value) -> {
			if (value != null && !value.isBlank()) {
				lead.put(key, value.strip());
			}
		});
		lead.put("role", role(profile.get("jobTitle")));
		lead.put("industryKey", industryKey(profile.get("industry")));
		Map<String, Object> model = new HashMap<>();
		model.put("lead", lead);
		model.put("links", new LinkedHashMap<>(links));
		model.put("sender", Map.of("name", sender.fromName(), "company", sender.company(), "address",
				sender.postalAddress(), "website", sender.website(), "replyTo", sender.replyTo()));
		model.put("track", (TemplateMethodModelEx) arguments -> {
			if (arguments.size() != 1) {
				throw new TemplateModelException("track(url) takes one address");
			}
			return track.apply(arguments.get(0).toString());
		});
		return model;
	}

	/** Seniority from the job title, in English or German: executive, manager, specialist, or unknown. */
	static String role(String jobTitle) {
		if (jobTitle == null || jobTitle.isBlank()) {
			return "unknown";
		}
		String title = " " + jobTitle.toLowerCase(Locale.ROOT) + " ";
		if (EXECUTIVE.matcher(title).find()) {
			return "executive";
		}
		if (MANAGER.matcher(title).find()) {
			return "manager";
		}
		return "specialist";
	}

	/** A coarse industry that templates switch content blocks on: software, manufacturing, finance, or other. */
	static String industryKey(String industry) {
		if (industry == null || industry.isBlank()) {
			return "other";
		}
		String value = industry.toLowerCase(Locale.ROOT);
		if (SOFTWARE.matcher(value).find()) {
			return "software";
		}
		if (MANUFACTURING.matcher(value).find()) {
			return "manufacturing";
		}
		if (FINANCE.matcher(value).find()) {
			return "finance";
		}
		return "other";
	}
}
