package io.nurture.journey;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import io.nurture.consent.ConsentStatus;
import io.nurture.consent.Consents;

/** "Check consent": sets {@code consentState} to CONFIRMED, REQUESTED or NONE for the journey to branch on. */
@Component("checkConsent")
class CheckConsentDelegate implements JavaDelegate {

	private final Consents consents;

	CheckConsentDelegate(Consents consents) {
		this.consents = consents;
	}

	@Override
	public void execute(DelegateExecution execution) {
		ConsentStatus status = consents.status((String) execution.getVariable(LeadJourney.LEAD_ID));
		String state = switch (status) {
			case CONFIRMED -> "CONFIRMED";
			case REQUESTED -> "REQUESTED";
			case NONE, WITHDRAWN -> "NONE";
		};
		execution.setVariable(LeadJourney.CONSENT_STATE, state);
	}
}
