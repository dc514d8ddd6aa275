package io.nurture.sales;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.task.Task;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import io.nurture.email.Outbox;

/**
 * "Notify sales" (input {@code notification}: NEW_LEAD, REMINDER or ESCALATION): emails the review's assignee, or
 * the members of its team while nobody owns it, or the sales managers on escalation. Internal mail through the
 * outbox, in the step's transaction, once per recipient and step; it needs no consent of the lead.
 */
@Component("notifySales")
class NotifySalesDelegate implements JavaDelegate {

	private static final Logger log = LoggerFactory.getLogger(NotifySalesDelegate.class);
	static final String TEMPLATE = "sales-notification";

	enum Notification {
		NEW_LEAD, REMINDER, ESCALATION
	}

	private final Outbox outbox;
	private final String baseUrl;

	NotifySalesDelegate(Outbox outbox, @Value("${nurture.links.base-url}") String baseUrl) {
		this.outbox = outbox;
		this.baseUrl = baseUrl;
	}

	@Override
	public void execute(DelegateExecution execution) {
		Object input = execution.getVariableLocal("notification");
		Notification notification;
		try {
			notification = Notification.valueOf(String.valueOf(input));
		}
		catch (IllegalArgumentException e) {
			throw new IllegalStateException("Step '" + execution.getCurrentActivityName()
					+ "' needs the input 'notification': NEW_LEAD, REMINDER or ESCALATION, not '" + input + "'");
		}
		Task review = execution.getProcessEngineServices().getTaskService().createTaskQuery()
				.processInstanceId(execution.getProcessInstanceId()).taskDefinitionKey(SalesHandover.REVIEW_TASK)
				.singleResult();
		String tasklist = baseUrl + "/camunda/app/tasklist/default/" + (review != null ? "#/?task=" + review.getId() : "");
		IdentityService identity = execution.getProcessEngineServices().getIdentityService();
		for (User user : recipients(notification, review, execution, identity)) {
			if (user.getEmail() == null || user.getEmail().isBlank()) {
				log.warn("Sales user {} has no email address; {} not sent", user.getId(), notification);
				continue;
			}
			outbox.enqueueNotice(execution.getProcessBusinessKey(), user.getEmail(), TEMPLATE,
					Map.of("notification", notification.name(), "tasklist", tasklist),
					execution.getProcessInstanceId() + ":" + execution.getActivityInstanceId() + ":" + user.getId());
		}
	}

	private static List<User> recipients(Notification notification, Task review, DelegateExecution execution,
			IdentityService identity) {
		if (notification == Notification.ESCALATION) {
			return members(identity, SalesHandover.MANAGERS_GROUP);
		}
		String owner = review != null ? review.getAssignee() : (String) execution.getVariable(SalesHandover.SALES_OWNER);
		if (owner != null) {
			User user = identity.createUserQuery().userId(owner).singleResult();
			return user != null ? List.of(user) : List.of();
		}
		return members(identity, (String) execution.getVariable(SalesHandover.SALES_TEAM));
	}

	private static List<User> members(IdentityService identity, String group) {
		return group == null ? List.of()
				: new ArrayList<>(identity.createUserQuery().memberOfGroup(group).orderByUserId().asc().list());
	}
}
