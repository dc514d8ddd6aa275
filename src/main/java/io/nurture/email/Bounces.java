package io.nurture.email;

import java.time.Clock;
import java.util.Locale;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.nurture.consent.ConsentMethod;
import io.nurture.consent.Consents;
import io.nurture.lead.Lead;
import io.nurture.lead.Leads;
import io.nurture.scoring.InteractionType;
import io.nurture.scoring.NewInteraction;
import io.nurture.scoring.Scoring;

/**
 * Hard bounces and complaints, from the bounce mailbox or the webhook. The address is suppressed for good (the
 * dispatcher checks before every delivery); a hard bounce becomes the lead's HARD_BOUNCED interaction, which ends
 * nurture, and a complaint withdraws the lead's consent like an unsubscribe.
 */
@Service
public class Bounces {

	private static final Logger log = LoggerFactory.getLogger(Bounces.class);

	private final SuppressionRepository suppressions;
	private final Leads leads;
	private final Scoring scoring;
	private final Consents consents;
	private final Clock clock;

	Bounces(SuppressionRepository suppressions, Leads leads, Scoring scoring, Consents consents, Clock clock) {
		this.suppressions = suppressions;
		this.leads = leads;
		this.scoring = scoring;
		this.consents = consents;
		this.clock = clock;
	}

	/** Records a bounce or complaint once per address; returns false when the address was already suppressed. */
	@Transactional
	public boolean record(String address, Suppression.Reason reason, String detail, String source) {
		String email = normalize(address);
		if (suppressions.findById(email).isPresent()) {
			return false;
		}
		try {
			suppressions.insert(email, reason.name(), truncate(detail), source, clock.instant());
		}
		catch (DuplicateKeyException raced) {
			return false;
		}
		Optional<String> lead = leads.findByEmail(email).map(Lead::getId);
		for (String leadId : lead.stream().toList()) {
			if (reason == Suppression.Reason.HARD_BOUNCE) {
				scoring.record(leadId, new NewInteraction(InteractionType.HARD_BOUNCED, null, truncate(detail, 300),
						"hard-bounce", null));
			}
			else {
				consents.withdraw(leadId, ConsentMethod.COMPLAINT);
			}
		}
		// The address stays in email_suppressions; the log names the lead only, as every log line does.
		log.info("{} for {} recorded from {}: no more email to this address", reason,
				lead.map(id -> "lead " + id).orElse("an address of no lead"), source);
		return true;
	}

	/** Whether the address gets no more email, and why. */
	public Optional<Suppression> suppression(String address) {
		return suppressions.of(address);
	}

	static String normalize(String address) {
		return address.strip().toLowerCase(Locale.ROOT);
	}

	private static String truncate(String detail) {
		return truncate(detail, 1000);
	}

	private static String truncate(String text, int length) {
		return text == null || text.length() <= length ? text : text.substring(0, length);
	}
}
