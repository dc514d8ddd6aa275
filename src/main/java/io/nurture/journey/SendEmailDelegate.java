package io.nurture.journey;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import io.nurture.email.EmailCategory;
import io.nurture.email.Outbox;

/**
 * "Send email": queues the template named by the step's {@code template} input with its {@code category},
 * keyed by journey instance and activity instance so that a retried step never queues a second email. The
 * optional inputs {@code subject} (overrides the template's subject line, may use FreeMarker) and
 * {@code sendWindow} (a window from {@code nurture.mail.send-windows}) tune it.
 */
@Component("sendEmail")
class SendEmailDelegate implements JavaDelegate {

	private final Outbox outbox;

	SendEmailDelegate(Outbox outbox) {
		this.outbox = outbox;
	}

	@Override
	public void execute(DelegateExecution execution) {
		String template = (String) execution.getVariableLocal("template");
		String category = (String) execution.getVariableLocal("category");
		if (template == null || category == null) {
			throw new IllegalStateException("Step '" + execution.getCurrentActivityName()
					+ "' needs the inputs 'template' and 'category'");
		}
		String dedupKey = execution.getProcessInstanceId() + ":" + execution.getActivityInstanceId();
		outbox.enqueue((String) execution.getVariable(LeadJourney.LEAD_ID), template, EmailCategory.valueOf(category),
				dedupKey, (String) execution.getVariableLocal("subject"), (String) execution.getVariableLocal("sendWindow"));
	}
}
