package io.nurture.journey;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.camunda.bpm.engine.MismatchingMessageCorrelationException;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.camunda.bpm.engine.runtime.Execution;
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
import io.nurture.scoring.ScoringProfile;

/**
 * Turns what happens to a lead into journey events, in the transaction that made it happen: a capture starts
 * the journey, a confirmation, an unsubscribe, a hard bounce or a final stage is delivered as a message, and an
 * interaction is re-scored inside the journey where one listens, directly otherwise.
 */
@Component
class JourneyEvents {

	private static final Logger log = LoggerFactory.getLogger(JourneyEvents.class);

	private final RuntimeService runtime;
	private final QuietRescoring quietRescoring;
	private final Scoring scoring;
	private final Leads leads;

	JourneyEvents(RuntimeService runtime, QuietRescoring quietRescoring, Scoring scoring, Leads leads) {
		this.runtime = runtime;
		this.quietRescoring = quietRescoring;
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
	 * waits for one, and a hard bounce ends nurture. Where the journey's "Interaction recorded" sub-process only
	 * re-scores and keeps nurturing a lead that is not sales-ready ({@link QuietRescoring}), the interaction is
	 * re-scored with the model that sub-process names, and the sub-process runs only for a sales-ready lead.
	 */
	@EventListener
	void on(InteractionRecorded event) {
		List<Execution> listening = runtime.createExecutionQuery().processInstanceBusinessKey(event.leadId())
				.messageEventSubscriptionName(LeadJourney.MESSAGE_INTERACTION_RECORDED).list();
		Optional<String> quietModel = listening.size() == 1
				? quietRescoring.scoringModel(((ExecutionEntity) listening.get(0)).getProcessDefinitionId())
				: Optional.empty();
		boolean keepsNurturing = quietModel.isPresent()
				&& !scoring.apply(event.interactionId(), quietModel.get(), () -> profile(event)).mql();
		boolean inJourney = keepsNurturing || !listening.isEmpty()
				&& !runtime.createMessageCorrelation(LeadJourney.MESSAGE_INTERACTION_RECORDED)
						.processInstanceBusinessKey(event.leadId())
						// On the event subprocess the message starts, so concurrent interactions share no variable.
						.setVariableToTriggeredScope(LeadJourney.INTERACTION_ID, event.interactionId())
						.correlateAllWithResult().isEmpty();
		if (!inJourney) {
			log.debug("No journey of lead {} listens for interactions; re-scoring directly", event.leadId());
			scoring.apply(event.interactionId(), null, () -> profile(event));
		}
		if (event.type() == InteractionType.EMAIL_CLICKED) {
			correlate(LeadJourney.MESSAGE_EMAIL_CLICKED, event.leadId());
		}
		else if (event.type() == InteractionType.HARD_BOUNCED) {
			correlate(LeadJourney.MESSAGE_HARD_BOUNCED, event.leadId());
		}
	}

	private ScoringProfile profile(InteractionRecorded event) {
		return leads.require(event.leadId()).scoringProfile();
	}

	/** Every instance of the lead (journey and its track share the business key) that waits for the message. */
	private void correlate(String message, String leadId) {
		runtime.createMessageCorrelation(message).processInstanceBusinessKey(leadId).correlateAllWithResult();
	}
}
