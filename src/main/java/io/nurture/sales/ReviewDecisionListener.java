package io.nurture.sales;

import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.form.validator.FormFieldValidationException;
import org.springframework.stereotype.Component;

/**
 * Checks the decision when "Review lead" is completed and records it. A review without a decision, a return without
 * a valid reason, or someone else's task is refused with a message that says what is wrong, and the task stays open.
 */
@Component("validateReview")
class ReviewDecisionListener implements TaskListener {

	private final SalesDecisions decisions;

	ReviewDecisionListener(SalesDecisions decisions) {
		this.decisions = decisions;
	}

	@Override
	public void notify(DelegateTask task) {
		decisions.requireOwnTask(task);
		Object decision = task.getVariable(SalesHandover.DECISION);
		ReturnReason reason = null;
		if (SalesReview.RETURN.equals(decision)) {
			reason = SalesDecisions.reason(task.getVariable(SalesHandover.RETURN_REASON), "A returned lead");
		}
		else if (!SalesReview.ACCEPT.equals(decision)) {
			throw new FormFieldValidationException(SalesHandover.DECISION,
					"Choose a decision: 'accept' to take the lead over, or 'return' to send it back to nurture");
		}
		decisions.record(task, SalesReview.Step.REVIEW, (String) decision, reason,
				SalesDecisions.comment(task.getVariable(SalesHandover.RETURN_COMMENT)));
	}
}
