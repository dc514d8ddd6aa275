package io.nurture.email;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.springframework.stereotype.Component;

/**
 * Made-up leads that every template must render for, complete and sparse, in English and German: at start
 * (a template that fails stops the engine) and in the preview API. Their links are harmless placeholders.
 */
@Component
class SampleLeads {

	static final Map<String, Map<String, String>> PROFILES = new LinkedHashMap<>();

	static {
		PROFILES.put("complete-en", profile("Ada", "Lovelace", "Analytical Engines Ltd", "Head of Marketing", "Software",
				"GB", "en", "Lead Scoring in Practice"));
		PROFILES.put("sparse-en", profile(null, null, null, null, null, null, "en", null));
		PROFILES.put("complete-de", profile("Grete", "Müller", "Müller Maschinenbau GmbH", "Geschäftsführerin",
				"Maschinenbau", "DE", "de", "Leitfaden Lead Scoring"));
		PROFILES.put("sparse-de", profile(null, null, null, null, null, null, "de", null));
	}

	private final MailSettings settings;
	private final String baseUrl;

	SampleLeads(MailSettings settings, org.springframework.core.env.Environment environment) {
		this.settings = settings;
		this.baseUrl = environment.getProperty("nurture.links.base-url", "http://localhost:8080");
	}

	Optional<Map<String, String>> profile(String name) {
		return Optional.ofNullable(PROFILES.get(name));
	}

	/** A model for a profile, with every link a template may use, each leading nowhere harmful. */
	Map<String, Object> model(Map<String, String> profile) {
		Map<String, String> links = Map.of("confirm", baseUrl + "/public/confirm?token=preview", "unsubscribe",
				baseUrl + "/public/unsubscribe?token=preview", "unsubscribeMailto", "mailto:" + settings.unsubscribeMailto(),
				"openPixel", baseUrl + "/public/open?token=preview");
		return EmailModel.of(profile, links, settings, url -> url);
	}

	private static Map<String, String> profile(String firstName, String lastName, String company, String jobTitle,
			String industry, String country, String language, String lastDownload) {
		Map<String, String> profile = new LinkedHashMap<>();
		profile.put("firstName", firstName);
		profile.put("lastName", lastName);
		profile.put("company", company);
		profile.put("jobTitle", jobTitle);
		profile.put("industry", industry);
		profile.put("country", country);
		profile.put("language", language);
		profile.put("lastDownload", lastDownload);
		return profile;
	}
}
