package io.nurture.sales;

import java.util.List;

import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.form.validator.FormFieldValidationException;
import org.springframework.stereotype.Component;

/**
 * Checks "Qualify lead" when it is completed and records the decision. Qualified needs a confirmed budget, a
 * realistic chance and an expected timeline; returning or disqualifying needs a reason.
 */
@Component("validateQualification")
class QualificationListener implements TaskListener {

	private static final List<String> CHOICES = List.of(SalesReview.QUALIFIED, SalesReview.RETURN,
			SalesReview.DISQUALIFY);

	private final SalesDecisions decisions;

	QualificationListener(SalesDecisions decisions) {
		this.decisions = decisions;
	}

	@Override
	public void notify(DelegateTask task) {
		decisions.requireOwnTask(task);
		Object choice = task.getVariable(SalesHandover.QUALIFICATION);
		if (!(choice instanceof String decision) || !CHOICES.contains(decision)) {
			throw new FormFieldValidationException(SalesHandover.QUALIFICATION,
					"Choose 'qualified' (hand it to the CRM), 'return' (back to nurture) or 'disqualify' (no target)");
		}
		ReturnReason reason = null;
		if (SalesReview.QUALIFIED.equals(decision)) {
			if (!Boolean.TRUE.equals(task.getVariable(SalesHandover.BUDGET_CONFIRMED))
					|| !Boolean.TRUE.equals(task.getVariable(SalesHandover.REALISTIC_CHANCE))) {
				throw new FormFieldValidationException(SalesHandover.BUDGET_CONFIRMED,
						"A qualified lead needs a confirmed budget and a realistic chance of a deal; otherwise return it");
			}
			if (!(task.getVariable(SalesHandover.EXPECTED_TIMELINE) instanceof String timeline) || timeline.isBlank()) {
				throw new FormFieldValidationException(SalesHandover.EXPECTED_TIMELINE,
						"A qualified lead needs an expected timeline");
			}
		}
		else {
			reason = SalesDecisions.reason(task.getVariable(SalesHandover.RETURN_REASON),
					SalesReview.RETURN.equals(decision) ? "A lead returned to nurture" : "A disqualified lead");
		}
		decisions.record(task, SalesReview.Step.QUALIFY, decision, reason,
				SalesDecisions.comment(task.getVariable(SalesHandover.RETURN_COMMENT)));
	}
}
