package io.nurture.email;

import java.util.Map;
import java.util.SortedSet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.ContextRefreshedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Renders every email in templates/ for every sample lead when the engine starts, before any lead can reach it.
 * A template that is incomplete or fails to render stops the start with a message naming it, the sample lead and
 * the error, instead of failing at send time.
 */
@Component
class TemplateCheck {

	private static final Logger log = LoggerFactory.getLogger(TemplateCheck.class);

	private final EmailTemplates templates;
	private final SampleLeads samples;

	TemplateCheck(EmailTemplates templates, SampleLeads samples) {
		this.templates = templates;
		this.samples = samples;
	}

	@EventListener(ContextRefreshedEvent.class)
	void verifyTemplates() {
		SortedSet<String> names = templates.names();
		if (names.isEmpty()) {
			throw new EmailTemplateException("No email templates found in templates/", null);
		}
		names.forEach(this::verify);
		log.info("Email templates ready: {}", names);
	}

	void verify(String name) {
		if (!templates.exists(name)) {
			throw new EmailTemplateException("Email template '" + name
					+ "' is incomplete: templates/" + name + "/ needs subject.ftl, html.ftlh and text.ftl", null);
		}
		for (Map.Entry<String, Map<String, String>> sample : SampleLeads.PROFILES.entrySet()) {
			try {
				RenderedEmail email = templates.render(name, samples.model(sample.getValue()),
						Outbox.locale(sample.getValue().get("language")));
				if (email.subject().isBlank() || email.text().isBlank() || email.html().isBlank()) {
					throw new EmailTemplateException("a part rendered empty", null);
				}
			}
			catch (EmailTemplateException e) {
				throw new EmailTemplateException("Email template '" + name + "' does not render for the sample lead '"
						+ sample.getKey() + "': " + e.getMessage(), e);
			}
		}
	}
}
