package io.nurture.operations;

import java.util.List;

import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.incident.DefaultIncidentHandler;
import org.camunda.bpm.engine.impl.incident.IncidentContext;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;
import org.camunda.bpm.engine.runtime.Incident;
import org.springframework.stereotype.Component;

/**
 * When a step has failed on every retry, the incident Cockpit shows says for which lead, in which step of which
 * process, before the error itself: "Lead 3f2c…: 'Send business case email' in 'Nurture track: B2B decision makers'
 * failed: Email template case-study/subject.ftl failed to render: …". Operators then know whom it concerns and
 * where to look without reading a stack trace.
 */
@Component
class FailedJobIncidents extends AbstractProcessEnginePlugin {

	@Override
	public void preInit(ProcessEngineConfigurationImpl configuration) {
		configuration.setCustomIncidentHandlers(List.of(new Handler(Incident.FAILED_JOB_HANDLER_TYPE),
				new Handler(Incident.EXTERNAL_TASK_HANDLER_TYPE)));
	}

	static final class Handler extends DefaultIncidentHandler {

		Handler(String type) {
			super(type);
		}

		@Override
		public Incident handleIncident(IncidentContext context, String message) {
			return super.handleIncident(context, describe(context, message));
		}

		private static String describe(IncidentContext context, String message) {
			if (message == null || context.getExecutionId() == null || Context.getCommandContext() == null) {
				return message;
			}
			ExecutionEntity execution = Context.getCommandContext().getExecutionManager()
					.findExecutionById(context.getExecutionId());
			if (execution == null || execution.getProcessBusinessKey() == null) {
				return message;
			}
			String activityId = context.getFailedActivityId() != null ? context.getFailedActivityId() : context.getActivityId();
			ActivityImpl activity = activityId == null ? null : execution.getProcessDefinition().findActivity(activityId);
			String step = activity == null ? activityId : activity.getName() != null ? activity.getName() : activity.getId();
			String process = execution.getProcessDefinition().getName() != null ? execution.getProcessDefinition().getName()
					: execution.getProcessDefinition().getKey();
			String described = "Lead " + execution.getProcessBusinessKey() + ": '" + step + "' in '" + process + "' failed: "
					+ message;
			// Camunda's incident message column holds 4000 characters.
			return described.length() <= 4000 ? described : described.substring(0, 4000);
		}
	}
}
