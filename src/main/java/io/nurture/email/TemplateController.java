package io.nurture.email;

import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import io.nurture.lead.Leads;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;

/**
 * For marketers checking their work: the emails in templates/, and any of them rendered for a real lead (by id),
 * a sample lead, or profile data given in the request. Previews carry placeholder links that act on no lead.
 */
@RestController
class TemplateController {

	private final EmailTemplates templates;
	private final SampleLeads samples;
	private final Outbox outbox;
	private final Leads leads;

	TemplateController(EmailTemplates templates, SampleLeads samples, Outbox outbox, Leads leads) {
		this.templates = templates;
		this.samples = samples;
		this.outbox = outbox;
		this.leads = leads;
	}

	record TemplateSummary(String name, String previewUrl) {
	}

	record TemplateList(List<TemplateSummary> templates, List<String> sampleLeads) {
	}

	@GetMapping("/api/templates")
	TemplateList list() {
		return new TemplateList(templates.names().stream()
				.map(name -> new TemplateSummary(name, "/api/templates/" + name + "/preview")).toList(),
				List.copyOf(SampleLeads.PROFILES.keySet()));
	}

	/**
	 * What to render the template for: {@code leadId} (a real lead), {@code sample} (a sample lead's name) or
	 * {@code lead} (profile fields); the complete English sample lead when none is given. {@code subject} tries a
	 * subject line as a journey step would override it.
	 */
	record PreviewRequest(@Size(max = 36) String leadId, @Size(max = 50) String sample,
			@Size(max = 20) Map<@Size(max = 50) String, @Size(max = 300) String> lead, @Size(max = 500) String subject) {
	}

	record Preview(String template, String language, String subject, String html, String text) {
	}

	@PostMapping("/api/templates/{name}/preview")
	Preview preview(@PathVariable String name, @Valid @RequestBody(required = false) PreviewRequest request) {
		if (!EmailTemplates.NAME.matcher(name).matches()) {
			throw problem(HttpStatus.BAD_REQUEST, "Invalid template name", "'" + name
					+ "' is no template name: use lower-case letters, digits and dashes, as in templates/welcome", "invalid-template-name");
		}
		if (!templates.exists(name)) {
			throw problem(HttpStatus.NOT_FOUND, "Template not found", "No email template '" + name
					+ "' in templates/; known: " + templates.names(), "template-not-found");
		}
		PreviewRequest given = request != null ? request : new PreviewRequest(null, null, null, null);
		Map<String, String> profile = profile(given);
		try {
			RenderedEmail email = templates.render(name, given.subject(), samples.model(profile),
					Outbox.locale(profile.get("language")));
			Locale locale = Outbox.locale(profile.get("language"));
			return new Preview(name, locale.getLanguage(), email.subject(), email.html(), email.text());
		}
		catch (EmailTemplateException e) {
			throw problem(HttpStatus.UNPROCESSABLE_ENTITY, "Template does not render", e.getMessage(), "template-error");
		}
	}

	private Map<String, String> profile(PreviewRequest request) {
		if (request.leadId() != null) {
			return outbox.profile(leads.recipient(request.leadId()));
		}
		if (request.lead() != null) {
			Map<String, String> profile = new HashMap<>(request.lead());
			profile.keySet().retainAll(SampleLeads.PROFILES.get("complete-en").keySet());
			return profile;
		}
		String sample = request.sample() != null ? request.sample() : "complete-en";
		return samples.profile(sample).orElseThrow(() -> problem(HttpStatus.BAD_REQUEST, "Unknown sample lead",
				"No sample lead '" + sample + "'; known: " + SampleLeads.PROFILES.keySet(), "unknown-sample-lead"));
	}

	private static ErrorResponseException problem(HttpStatus status, String title, String detail, String type) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setTitle(title);
		problem.setType(URI.create("urn:nurture:problem:" + type));
		return new ErrorResponseException(status, problem, null);
	}
}
