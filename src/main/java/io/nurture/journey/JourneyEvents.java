package io.nurture.journey;

import java.util.Map;

import org.camunda.bpm.engine.RuntimeService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import io.nurture.consent.ConsentConfirmed;
import io.nurture.consent.ConsentWithdrawn;
import io.nurture.lead.LeadCaptured;
import io.nurture.lead.Leads;
import io.nurture.scoring.InteractionRecorded;
import io.nurture.scoring.InteractionType;
import io.nurture.scoring.NewInteraction;
import io.nurture.scoring.Scoring;

/**
 * Turns what happens to a lead into journey events, in the transaction that made it happen: a capture starts
 * the journey, a confirmation or an unsubscribe is delivered as a message, and an interaction is re-scored inside
 * the journey where one listens, directly otherwise.
 */
@Component
class JourneyEvents {

	private static final Logger log = LoggerFactory.getLogger(JourneyEvents.class);

	private final RuntimeService runtime;
	private final Scoring scoring;
	private final Leads leads;

	JourneyEvents(RuntimeService runtime, Scoring scoring, Leads leads) {
		this.runtime = runtime;
		this.scoring = scoring;
		this.leads = leads;
	}

	/** A known address starts no second journey. */
	@EventListener
	void on(LeadCaptured event) {
		if (!event.newLead()) {
			return;
		}
		runtime.startProcessInstanceByKey(LeadJourney.PROCESS_KEY, event.leadId(),
				Map.of(LeadJourney.LEAD_ID, event.leadId()));
	}

	@EventListener
	void on(ConsentConfirmed event) {
		runtime.createMessageCorrelation(LeadJourney.MESSAGE_CONSENT_CONFIRMED)
				.processInstanceBusinessKey(event.leadId()).correlateAllWithResult();
	}

	/** Nurture ends, and the unsubscribe counts against the score like any interaction. */
	@EventListener
	void on(ConsentWithdrawn event) {
		runtime.createMessageCorrelation(LeadJourney.MESSAGE_UNSUBSCRIBED)
				.processInstanceBusinessKey(event.leadId()).correlateAllWithResult();
		scoring.record(event.leadId(), new NewInteraction(InteractionType.UNSUBSCRIBED, null, null, null, null));
	}

	@EventListener
	void on(InteractionRecorded event) {
		boolean inJourney = !runtime.createMessageCorrelation(LeadJourney.MESSAGE_INTERACTION_RECORDED)
				.processInstanceBusinessKey(event.leadId())
				// On the event subprocess the message starts, so concurrent interactions share no variable.
				.setVariableToTriggeredScope(LeadJourney.INTERACTION_ID, event.interactionId())
				.correlateAllWithResult().isEmpty();
		if (!inJourney) {
			log.debug("No journey of lead {} listens for interactions; re-scoring directly", event.leadId());
			scoring.apply(event.interactionId(), null, leads.require(event.leadId()).scoringProfile());
		}
	}
}
