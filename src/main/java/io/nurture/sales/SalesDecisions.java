package io.nurture.sales;

import java.time.Clock;
import java.util.Arrays;

import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.impl.form.validator.FormFieldValidationException;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.springframework.stereotype.Component;

/**
 * What the review and the qualification task check when they are completed, and how the decision is recorded: who,
 * when, why, in which journey and team. A refusal names the field and says what to do; the task stays open.
 */
@Component
class SalesDecisions {

	private final SalesReviewRepository reviews;
	private final Clock clock;

	SalesDecisions(SalesReviewRepository reviews, Clock clock) {
		this.reviews = reviews;
		this.clock = clock;
	}

	/**
	 * Only the assignee completes an assigned task; the engine itself would let anyone who can see it. Refused like a
	 * form error (the engine REST API answers 400 with the message; a listener's other exceptions become a 500).
	 */
	void requireOwnTask(DelegateTask task) {
		String user = currentUser(task);
		String assignee = task.getAssignee();
		if (user != null && assignee != null && !user.equals(assignee)) {
			throw new FormFieldValidationException("assignee", "'" + task.getName() + "' is assigned to " + assignee + ", not to "
					+ user + ": only " + assignee + " can complete it. Ask " + assignee
					+ " or a sales manager to hand it over to you.");
		}
	}

	static ReturnReason reason(Object value, String what) {
		String allowed = String.join(", ", Arrays.stream(ReturnReason.values()).map(Enum::name).toList());
		if (!(value instanceof String name) || name.isBlank()) {
			throw new FormFieldValidationException(SalesHandover.RETURN_REASON,
					what + " needs a reason: one of " + allowed);
		}
		try {
			return ReturnReason.valueOf(name);
		}
		catch (IllegalArgumentException e) {
			throw new FormFieldValidationException(SalesHandover.RETURN_REASON,
					"Unknown reason '" + name + "': use one of " + allowed);
		}
	}

	static String comment(Object value) {
		String text = value instanceof String s && !s.isBlank() ? s.strip() : null;
		if (text != null && text.length() > 1000) {
			throw new FormFieldValidationException(SalesHandover.RETURN_COMMENT,
					"The comment is too long: at most 1000 characters");
		}
		return text;
	}

	SalesReview record(DelegateTask task, SalesReview.Step step, String decision, ReturnReason reason, String comment) {
		return reviews.save(new SalesReview(null, task.getExecution().getProcessBusinessKey(),
				task.getProcessInstanceId(), step, decision, reason, comment, currentUser(task) != null
						? currentUser(task) : task.getAssignee(),
				clock.instant(), journeyOf(task), (String) task.getVariable(SalesHandover.SALES_TEAM)));
	}

	/** The process that handed the lead over: the journey the lead is on. */
	private static String journeyOf(DelegateTask task) {
		ProcessInstance caller = task.getProcessEngineServices().getRuntimeService().createProcessInstanceQuery()
				.subProcessInstanceId(task.getProcessInstanceId()).singleResult();
		String definitionId = caller != null ? caller.getProcessDefinitionId() : task.getProcessDefinitionId();
		return task.getProcessEngineServices().getRepositoryService().getProcessDefinition(definitionId).getKey();
	}

	private static String currentUser(DelegateTask task) {
		Authentication current = task.getProcessEngineServices().getIdentityService().getCurrentAuthentication();
		return current != null ? current.getUserId() : null;
	}
}
