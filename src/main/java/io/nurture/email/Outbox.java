package io.nurture.email;

import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.nurture.consent.ConsentStatus;
import io.nurture.consent.Consents;
import io.nurture.lead.Lead;
import io.nurture.lead.Leads;
import io.nurture.lead.Recipient;
import io.nurture.links.PublicLinks;
import io.nurture.scoring.Scoring;

/**
 * Puts emails into the outbox, in the transaction of the journey step that sends them. An email is rendered
 * when it is queued, and queued only with the consent its category needs; a step that runs again with the
 * same key queues nothing new.
 */
@Service
public class Outbox {

	private static final Logger log = LoggerFactory.getLogger(Outbox.class);

	private final OutboxRepository outbox;
	private final OutboxWrites writes;
	private final DeliveryAttemptRepository attempts;
	private final SuppressionRepository suppressions;
	private final EmailTemplates templates;
	private final SendTiming timing;
	private final Leads leads;
	private final Consents consents;
	private final Scoring scoring;
	private final PublicLinks links;
	private final MailSettings settings;
	private final Clock clock;

	Outbox(OutboxRepository outbox, OutboxWrites writes, DeliveryAttemptRepository attempts,
			SuppressionRepository suppressions, EmailTemplates templates, SendTiming timing, Leads leads, Consents consents,
			Scoring scoring, PublicLinks links, MailSettings settings, Clock clock) {
		this.outbox = outbox;
		this.writes = writes;
		this.attempts = attempts;
		this.suppressions = suppressions;
		this.templates = templates;
		this.timing = timing;
		this.leads = leads;
		this.consents = consents;
		this.scoring = scoring;
		this.links = links;
		this.settings = settings;
		this.clock = clock;
	}

	/** Queues an email for the lead with the template's subject and the default send window. */
	@Transactional
	public Optional<OutboxMessage> enqueue(String leadId, String template, EmailCategory category, String dedupKey) {
		return enqueue(leadId, template, category, dedupKey, null, null);
	}

	/**
	 * Queues an email for the lead, or nothing when its consent does not allow it. {@code subject} overrides the
	 * template's subject line and {@code sendWindow} names a window from {@code nurture.mail.send-windows}; both may
	 * be null. Marketing email waits for its window; transactional email goes out at once.
	 */
	@Transactional
	public Optional<OutboxMessage> enqueue(String leadId, String template, EmailCategory category, String dedupKey,
			String subject, String sendWindow) {
		Optional<OutboxMessage> queued = outbox.findByDedupKey(dedupKey);
		if (queued.isPresent()) {
			return queued;
		}
		String window = category == EmailCategory.MARKETING ? timing.windowName(sendWindow) : null;
		ConsentStatus consent = consents.status(leadId);
		if (!allowedBy(consent, category)) {
			log.info("Email {} for lead {} not queued: consent is {}", template, leadId, consent);
			return Optional.empty();
		}
		Recipient lead = leads.recipient(leadId);
		String key = UUID.randomUUID().toString();
		RenderedEmail email = templates.render(template, subject, model(lead, category, key), locale(lead.language()));
		Instant now = clock.instant();
		OutboxMessage queuedNow = writes.insert(new OutboxMessage(null, dedupKey, leadId, template, category,
				lead.email(), email.subject(), email.html(), email.text(), OutboxMessage.Status.PENDING, 0, now, null,
				"<" + key + "@" + domainOf(settings.from()) + ">", now, null, window, null));
		log.debug("Email {} ({}) queued for lead {} as {}", template, category, leadId, queuedNow.id());
		return Optional.of(queuedNow);
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
		Recipient lead = leads.recipient(leadId);
		String key = UUID.randomUUID().toString();
		Map<String, Object> model = new HashMap<>(model(lead, EmailCategory.SALES_NOTIFICATION, key));
		model.putAll(extra);
		RenderedEmail email = templates.render(template, null, model, Locale.ENGLISH);
		Instant now = clock.instant();
		return Optional.of(writes.insert(new OutboxMessage(null, dedupKey, leadId, template,
				EmailCategory.SALES_NOTIFICATION, recipient, email.subject(), email.html(), email.text(),
				OutboxMessage.Status.PENDING, 0, now, null, "<" + key + "@" + domainOf(settings.from()) + ">", now, null,
				null, null)));
	}

	/**
	 * Renders an email as {@link #enqueue} would for a lead that is not stored, with the step's subject line when it
	 * names one, and queues nothing; empty when the consent does not allow the category. Journey simulations show
	 * marketers what a sample lead would receive.
	 */
	public Optional<RenderedEmail> preview(Lead lead, ConsentStatus consent, String template, EmailCategory category,
			String subject) {
		if (!allowedBy(consent, category)) {
			return Optional.empty();
		}
		String key = UUID.randomUUID().toString();
		return Optional.of(templates.render(template, subject, model(lead.recipient(), category, key),
				locale(lead.getLanguage())));
	}

	/** The emails queued for a lead, oldest first. */
	public List<OutboxMessage> of(String leadId) {
		return outbox.findByLeadIdOrderById(leadId);
	}

	/**
	 * Forgets every email of the lead, sent, waiting or being sent, and suppresses its address for good, kept only as
	 * a hash, so that a later capture or import of the same person is never mailed again. An email the dispatcher is
	 * sending right now has its result either recorded before (and erased with the rest) or not at all: the emails
	 * are locked first, the order in which the dispatcher records (the email, then its attempt).
	 */
	@Transactional
	public void erase(String leadId, String address) {
		outbox.lockByLeadId(leadId);
		attempts.deleteByLeadId(leadId);
		outbox.deleteByLeadId(leadId);
		suppressions.delete(Bounces.normalize(address));
		String key = Suppression.erasedKey(address);
		if (suppressions.findById(key).isEmpty()) {
			suppressions.insert(key, Suppression.Reason.ERASED.name(), null, "ERASURE", clock.instant());
		}
	}

	/** Every delivery attempt of one email, with the SMTP server's answers. */
	public List<DeliveryAttempt> attempts(long outboxId) {
		return attempts.findByOutboxIdOrderById(outboxId);
	}

	/** How many emails wait for delivery or are being delivered, by status: the outbox backlog operators watch. */
	public Map<OutboxMessage.Status, Long> backlog() {
		Map<OutboxMessage.Status, Long> backlog = new EnumMap<>(OutboxMessage.Status.class);
		outbox.countBacklog().forEach(count -> backlog.put(count.status(), count.emails()));
		return backlog;
	}

	/**
	 * Drops the rendered bodies of up to {@code limit} emails created before {@code cutoff} that were sent, failed or
	 * suppressed; returns how many. What was sent when, to whom and with which subject stays.
	 */
	@Transactional
	public int pruneBodies(Instant cutoff, int limit) {
		List<Long> ids = outbox.findBodiesBefore(cutoff, limit);
		return ids.isEmpty() ? 0 : outbox.pruneBodies(ids);
	}

	/** Deletes up to {@code limit} delivery attempts made before {@code cutoff}; returns how many. */
	@Transactional
	public int pruneAttempts(Instant cutoff, int limit) {
		return attempts.deleteBefore(cutoff, limit);
	}

	static boolean allowedBy(ConsentStatus consent, EmailCategory category) {
		return switch (category) {
			case OPT_IN -> consent == ConsentStatus.REQUESTED;
			case MARKETING -> consent == ConsentStatus.CONFIRMED;
			case SALES_NOTIFICATION -> true;
		};
	}

	/** The template model for a real lead: its profile, the last content it downloaded, and its own signed links. */
	Map<String, Object> model(Recipient lead, EmailCategory category, String emailKey) {
		Map<String, String> urls = switch (category) {
			case OPT_IN -> Map.of("confirm", links.confirmation(lead.id()));
			case MARKETING -> Map.of("unsubscribe", links.unsubscribe(lead.id()), "unsubscribeMailto",
					"mailto:" + settings.unsubscribeMailto(), "openPixel", links.open(lead.id(), emailKey));
			// Internal mail to sales about the lead: none of the lead's own links, or a colleague reading it would
			// unsubscribe the lead, or open and click in its name.
			case SALES_NOTIFICATION -> Map.of();
		};
		return EmailModel.of(profile(lead), urls, settings, category == EmailCategory.SALES_NOTIFICATION
				? url -> url : url -> links.click(lead.id(), url));
	}

	/** The profile fields of a lead that templates may use, and the content it downloaded last. */
	Map<String, String> profile(Recipient lead) {
		Map<String, String> profile = new LinkedHashMap<>();
		profile.put("firstName", lead.firstName());
		profile.put("lastName", lead.lastName());
		profile.put("company", lead.company());
		profile.put("jobTitle", lead.jobTitle());
		profile.put("industry", lead.industry());
		profile.put("country", lead.country());
		profile.put("language", lead.language());
		profile.put("lastDownload", scoring.lastDownloadedContent(lead.id()).orElse(null));
		return profile;
	}

	/** The lead's language picks the template version (html_de.ftlh); none, or one without a version, gets the default. */
	static Locale locale(String language) {
		return language != null && !language.isBlank() ? Locale.forLanguageTag(language) : Locale.ENGLISH;
	}

	private static String domainOf(String address) {
		return address.substring(address.indexOf('@') + 1);
	}
}
