package io.nurture.sales;

import java.time.Clock;

import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.form.validator.FormFieldValidationException;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.springframework.stereotype.Component;

import io.nurture.journey.LeadJourney;

/**
 * Checks the decision when "Review lead" is completed and records it. A review without a decision, or a
 * return without a valid reason, is refused with a message that says what is missing, and the task stays open.
 */
@Component("validateReview")
class ReviewDecisionListener implements TaskListener {

	private final SalesReviewRepository reviews;
	private final Clock clock;

	ReviewDecisionListener(SalesReviewRepository reviews, Clock clock) {
		this.reviews = reviews;
		this.clock = clock;
	}

	@Override
	public void notify(DelegateTask task) {
		Object decision = task.getVariable(LeadJourney.DECISION);
		ReturnReason reason = null;
		if (SalesReview.RETURN.equals(decision)) {
			reason = reason(task.getVariable(LeadJourney.RETURN_REASON));
		}
		else if (!SalesReview.ACCEPT.equals(decision)) {
			throw new FormFieldValidationException(LeadJourney.DECISION,
					"Choose a decision: 'accept' to take the lead over, or 'return' to send it back to nurture");
		}
		Object comment = task.getVariable(LeadJourney.RETURN_COMMENT);
		String text = comment instanceof String s && !s.isBlank() ? s.strip() : null;
		if (text != null && text.length() > 1000) {
			throw new FormFieldValidationException(LeadJourney.RETURN_COMMENT,
					"The comment is too long: at most 1000 characters");
		}
		reviews.save(new SalesReview(null, (String) task.getVariable(LeadJourney.LEAD_ID), task.getProcessInstanceId(),
				(String) decision, reason, text, reviewer(task), clock.instant()));
	}

	private static ReturnReason reason(Object value) {
		String allowed = String.join(", ", java.util.Arrays.stream(ReturnReason.values()).map(Enum::name).toList());
		if (!(value instanceof String name) || name.isBlank()) {
			throw new FormFieldValidationException(LeadJourney.RETURN_REASON,
					"A returned lead needs a reason: one of " + allowed);
		}
		try {
			return ReturnReason.valueOf(name);
		}
		catch (IllegalArgumentException e) {
			throw new FormFieldValidationException(LeadJourney.RETURN_REASON,
					"Unknown return reason '" + name + "': use one of " + allowed);
		}
	}

	private static String reviewer(DelegateTask task) {
		Authentication current = task.getProcessEngineServices().getIdentityService().getCurrentAuthentication();
		return current != null ? current.getUserId() : task.getAssignee();
	}
}
