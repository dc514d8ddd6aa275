package io.nurture.journey;

import java.util.Map;

import org.camunda.bpm.engine.MismatchingMessageCorrelationException;
import org.camunda.bpm.engine.RuntimeService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import io.nurture.consent.ConsentConfirmed;
import io.nurture.consent.ConsentWithdrawn;
import io.nurture.lead.LeadCaptured;
import io.nurture.lead.LeadStageChanged;
import io.nurture.lead.Leads;
import io.nurture.lead.Stage;
import io.nurture.scoring.InteractionRecorded;
import io.nurture.scoring.InteractionType;
import io.nurture.scoring.NewInteraction;
import io.nurture.scoring.Scoring;

/**
 * Turns what happens to a lead into journey events, in the transaction that made it happen: a capture starts
 * the journey, a confirmation, an unsubscribe, a hard bounce or a final stage is delivered as a message, and an
 * interaction is re-scored inside the journey where one listens, directly otherwise.
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

	/**
	 * A new lead starts its journey. A known one starts no second journey while one runs; once its journey has
	 * ended it re-enters where the model has a "captured again" start event, and nowhere if it has none.
	 */
	@EventListener
	void on(LeadCaptured event) {
		if (event.newLead()) {
			runtime.startProcessInstanceByKey(LeadJourney.PROCESS_KEY, event.leadId(),
					Map.of(LeadJourney.LEAD_ID, event.leadId()));
			return;
		}
		boolean inJourney = runtime.createProcessInstanceQuery().processDefinitionKey(LeadJourney.PROCESS_KEY)
				.processInstanceBusinessKey(event.leadId()).count() > 0;
		if (inJourney) {
			return;
		}
		try {
			runtime.createMessageCorrelation(LeadJourney.MESSAGE_CAPTURED_AGAIN)
					.processInstanceBusinessKey(event.leadId()).setVariable(LeadJourney.LEAD_ID, event.leadId())
					.correlateStartMessage();
		}
		catch (MismatchingMessageCorrelationException noReEntry) {
			log.info("Lead {} was captured again; the journey model lets no ended journey re-enter", event.leadId());
		}
	}

	@EventListener
	void on(ConsentConfirmed event) {
		correlate(LeadJourney.MESSAGE_CONSENT_CONFIRMED, event.leadId());
	}

	/** Nurture ends, and the unsubscribe counts against the score like any interaction. */
	@EventListener
	void on(ConsentWithdrawn event) {
		correlate(LeadJourney.MESSAGE_UNSUBSCRIBED, event.leadId());
		scoring.record(event.leadId(), new NewInteraction(InteractionType.UNSUBSCRIBED, null, null, null, null));
	}

	/** A disqualified lead and a customer leave nurture at once. */
	@EventListener
	void on(LeadStageChanged event) {
		if (event.to() == Stage.DISQUALIFIED) {
			correlate(LeadJourney.MESSAGE_DISQUALIFIED, event.leadId());
		}
		else if (event.to() == Stage.CUSTOMER) {
			correlate(LeadJourney.MESSAGE_BECAME_CUSTOMER, event.leadId());
		}
	}

	/**
	 * Re-scored first, so that the score is current when the journey reacts; then a click reaches the track that
	 * waits for one, and a hard bounce ends nurture.
	 */
	@EventListener
	void on(InteractionRecorded event) {
		boolean inJourney = !runtime.createMessageCorrelation(LeadJourney.MESSAGE_INTERACTION_RECORDED)
				.processInstanceBusinessKey(event.leadId())
				// On the event subprocess the message starts, so concurrent interactions share no variable.
				.setVariableToTriggeredScope(LeadJourney.INTERACTION_ID, event.interactionId())
				.correlateAllWithResult().isEmpty();
		if (!inJourney) {
			log.debug("No journey of lead {} listens for interactions; re-scoring directly", event.leadId());
			scoring.apply(event.interactionId(), null, () -> leads.require(event.leadId()).scoringProfile());
		}
		if (event.type() == InteractionType.EMAIL_CLICKED) {
			correlate(LeadJourney.MESSAGE_EMAIL_CLICKED, event.leadId());
		}
		else if (event.type() == InteractionType.HARD_BOUNCED) {
			correlate(LeadJourney.MESSAGE_HARD_BOUNCED, event.leadId());
		}
	}

	/** Every instance of the lead (journey and its track share the business key) that waits for the message. */
	private void correlate(String message, String leadId) {
		runtime.createMessageCorrelation(message).processInstanceBusinessKey(leadId).correlateAllWithResult();
	}
}
