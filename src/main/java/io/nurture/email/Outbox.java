package io.nurture.email;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import freemarker.template.TemplateMethodModelEx;
import freemarker.template.TemplateModelException;
import io.nurture.consent.ConsentStatus;
import io.nurture.consent.Consents;
import io.nurture.lead.Lead;
import io.nurture.lead.Leads;
import io.nurture.links.PublicLinks;

/**
 * Puts emails into the outbox, in the transaction of the journey step that sends them. An email is rendered
 * when it is queued, and queued only with the consent its category needs; a step that runs again with the
 * same key queues nothing new.
 */
@Service
public class Outbox {

	private static final Logger log = LoggerFactory.getLogger(Outbox.class);

	private final OutboxRepository outbox;
	private final EmailTemplates templates;
	private final Leads leads;
	private final Consents consents;
	private final PublicLinks links;
	private final MailSettings settings;
	private final Clock clock;

	Outbox(OutboxRepository outbox, EmailTemplates templates, Leads leads, Consents consents, PublicLinks links,
			MailSettings settings, Clock clock) {
		this.outbox = outbox;
		this.templates = templates;
		this.leads = leads;
		this.consents = consents;
		this.links = links;
		this.settings = settings;
		this.clock = clock;
	}

	/** Queues an email for the lead, or nothing when its consent does not allow it. */
	@Transactional
	public Optional<OutboxMessage> enqueue(String leadId, String template, EmailCategory category, String dedupKey) {
		Optional<OutboxMessage> queued = outbox.findByDedupKey(dedupKey);
		if (queued.isPresent()) {
			return queued;
		}
		if (!allowedBy(consents.status(leadId), category)) {
			log.info("Email {} for lead {} not queued: consent is {}", template, leadId, consents.status(leadId));
			return Optional.empty();
		}
		Lead lead = leads.require(leadId);
		RenderedEmail email = templates.render(template, model(lead, category), locale(lead));
		Instant now = clock.instant();
		return Optional.of(outbox.save(new OutboxMessage(null, dedupKey, leadId, template, category, lead.getEmail(),
				email.subject(), email.html(), email.text(), OutboxMessage.Status.PENDING, 0, now, null,
				"<" + UUID.randomUUID() + "@" + domainOf(settings.from()) + ">", now, null)));
	}

	/**
	 * Queues an internal email about a lead to a colleague (category SALES_NOTIFICATION), with {@code extra} in the
	 * template's model beside the lead; a step that runs again with the same key queues nothing new.
	 */
	@Transactional
	public Optional<OutboxMessage> enqueueNotice(String leadId, String recipient, String template,
			Map<String, Object> extra, String dedupKey) {
		Optional<OutboxMessage> queued = outbox.findByDedupKey(dedupKey);
		if (queued.isPresent()) {
			return queued;
		}
		Lead lead = leads.require(leadId);
		Map<String, Object> model = model(lead, EmailCategory.SALES_NOTIFICATION);
		model.putAll(extra);
		RenderedEmail email = templates.render(template, model, Locale.ENGLISH);
		Instant now = clock.instant();
		return Optional.of(outbox.save(new OutboxMessage(null, dedupKey, leadId, template,
				EmailCategory.SALES_NOTIFICATION, recipient, email.subject(), email.html(), email.text(),
				OutboxMessage.Status.PENDING, 0, now, null, "<" + UUID.randomUUID() + "@" + domainOf(settings.from()) + ">",
				now, null)));
	}

	/**
	 * Renders an email as {@link #enqueue} would for a lead that is not stored, and queues nothing; empty when the
	 * consent does not allow the category. Journey simulations show marketers what a sample lead would receive.
	 */
	public Optional<RenderedEmail> preview(Lead lead, ConsentStatus consent, String template, EmailCategory category) {
		return allowedBy(consent, category)
				? Optional.of(templates.render(template, model(lead, category), locale(lead)))
				: Optional.empty();
	}

	/** The emails queued for a lead, oldest first. */
	public List<OutboxMessage> of(String leadId) {
		return outbox.findByLeadIdOrderById(leadId);
	}

	static boolean allowedBy(ConsentStatus consent, EmailCategory category) {
		return switch (category) {
			case OPT_IN -> consent == ConsentStatus.REQUESTED;
			case MARKETING -> consent == ConsentStatus.CONFIRMED;
			case SALES_NOTIFICATION -> true;
		};
	}

	private Map<String, Object> model(Lead lead, EmailCategory category) {
		Map<String, Object> profile = new HashMap<>();
		putIfKnown(profile, "firstName", lead.getFirstName());
		putIfKnown(profile, "lastName", lead.getLastName());
		putIfKnown(profile, "company", lead.getCompany());
		putIfKnown(profile, "jobTitle", lead.getJobTitle());
		putIfKnown(profile, "industry", lead.getIndustry());
		putIfKnown(profile, "country", lead.getCountry());
		putIfKnown(profile, "language", lead.getLanguage());
		Map<String, Object> urls = new HashMap<>();
		if (category == EmailCategory.OPT_IN) {
			urls.put("confirm", links.confirmation(lead.getId()));
		}
		else if (category == EmailCategory.MARKETING) {
			urls.put("unsubscribe", links.unsubscribe(lead.getId()));
		}
		Map<String, Object> model = new HashMap<>();
		model.put("lead", profile);
		model.put("links", urls);
		model.put("sender", Map.of("name", settings.fromName(), "company", settings.company(), "address",
				settings.postalAddress(), "website", settings.website()));
		model.put("track", (TemplateMethodModelEx) arguments -> {
			if (arguments.size() != 1) {
				throw new TemplateModelException("track(url) takes one address");
			}
			return links.click(lead.getId(), arguments.get(0).toString());
		});
		return model;
	}

	private static void putIfKnown(Map<String, Object> map, String key, String value) {
		if (value != null && !value.isBlank()) {
			map.put(key, value);
		}
	}

	private static Locale locale(Lead lead) {
		return lead.getLanguage() != null ? Locale.forLanguageTag(lead.getLanguage()) : Locale.ENGLISH;
	}

	private static String domainOf(String address) {
		return address.substring(address.indexOf('@') + 1);
	}
}
