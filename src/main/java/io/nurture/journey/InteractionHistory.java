package io.nurture.journey;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.camunda.bpm.engine.impl.bpmn.helper.BpmnProperties;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.bpmn.parser.BpmnParseListener;
import org.camunda.bpm.engine.impl.bpmn.parser.EventSubscriptionDeclaration;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.history.event.HistoricActivityInstanceEventEntity;
import org.camunda.bpm.engine.impl.history.event.HistoricVariableUpdateEventEntity;
import org.camunda.bpm.engine.impl.history.event.HistoryEvent;
import org.camunda.bpm.engine.impl.history.handler.DbHistoryEventHandler;
import org.camunda.bpm.engine.impl.history.handler.HistoryEventHandler;
import org.camunda.bpm.engine.impl.persistence.entity.ProcessDefinitionEntity;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;
import org.camunda.bpm.engine.impl.pvm.process.ScopeImpl;
import org.camunda.bpm.engine.impl.util.xml.Element;
import org.springframework.stereotype.Component;

/**
 * Keeps the re-scoring of each interaction out of Camunda's history. Every event sub-process that the
 * {@code InteractionRecorded} message starts runs once per click, visit and download of a lead; its record is the
 * score ledger (the interaction, the rule that matched, the points and the score after), which is what explains a
 * score. Writing the same run into ACT_HI_* as well would add a dozen rows per interaction, grow the history with
 * every click, and cost a third of the database statements of an interaction. Activity and variable history of
 * those sub-processes is left out; everything else keeps the configured history, and incidents in re-scoring show
 * in Cockpit as ever.
 */
@Component
class InteractionHistory extends AbstractProcessEnginePlugin {

	/** {@code processKey:activityId} of every activity inside an interaction event sub-process, the sub-process too. */
	private final Set<String> interactionActivities = ConcurrentHashMap.newKeySet();

	@Override
	public void preInit(ProcessEngineConfigurationImpl configuration) {
		List<BpmnParseListener> listeners = new ArrayList<>(
				configuration.getCustomPostBPMNParseListeners() != null
						? configuration.getCustomPostBPMNParseListeners() : List.of());
		listeners.add(new Finder());
		configuration.setCustomPostBPMNParseListeners(listeners);

		List<HistoryEventHandler> handlers = new ArrayList<>(configuration.getCustomHistoryEventHandlers() != null
				? configuration.getCustomHistoryEventHandlers() : List.of());
		handlers.add(new Writer(new DbHistoryEventHandler()));
		configuration.setCustomHistoryEventHandlers(handlers);
		configuration.setEnableDefaultDbHistoryEventHandler(false);
	}

	boolean isInteractionActivity(String processKey, String activityId) {
		return interactionActivities.contains(processKey + ":" + activityId);
	}

	/** Finds, in each parsed process, the event sub-processes the interaction message starts. */
	private final class Finder extends AbstractBpmnParseListener {

		@Override
		public void parseProcess(Element processElement, ProcessDefinitionEntity process) {
			collect(process, process);
		}

		private void collect(ProcessDefinitionEntity process, ScopeImpl scope) {
			EventSubscriptionDeclaration.getDeclarationsForScope(scope).values().stream()
					.filter(declaration -> LeadJourney.MESSAGE_INTERACTION_RECORDED
							.equals(declaration.getUnresolvedEventName()))
					.map(declaration -> process.findActivity(declaration.getActivityId()))
					.filter(start -> start != null && start.getFlowScope() instanceof ActivityImpl eventSubProcess
							&& eventSubProcess.isTriggeredByEvent()
							&& eventSubProcess.getProperties().get(BpmnProperties.INITIAL_ACTIVITY) == start)
					.forEach(start -> remember(process, (ActivityImpl) start.getFlowScope()));
			for (ActivityImpl activity : scope.getActivities()) {
				collect(process, activity);
			}
		}

		private void remember(ProcessDefinitionEntity process, ActivityImpl activity) {
			interactionActivities.add(process.getKey() + ":" + activity.getId());
			activity.getActivities().forEach(child -> remember(process, child));
		}
	}

	/** Camunda's own database writer, given every history event except those of interaction sub-processes. */
	private final class Writer implements HistoryEventHandler {

		private final HistoryEventHandler database;

		Writer(HistoryEventHandler database) {
			this.database = database;
		}

		@Override
		public void handleEvent(HistoryEvent event) {
			if (!ofInteraction(event)) {
				database.handleEvent(event);
			}
		}

		@Override
		public void handleEvents(List<HistoryEvent> events) {
			events.forEach(this::handleEvent);
		}

		private boolean ofInteraction(HistoryEvent event) {
			if (event instanceof HistoricActivityInstanceEventEntity activity) {
				return isInteractionActivity(event.getProcessDefinitionKey(), activity.getActivityId());
			}
			if (event instanceof HistoricVariableUpdateEventEntity variable) {
				// A variable's scope: activity instance ids are "<activityId>:<uuid>", the process instance's has no colon.
				String scope = variable.getActivityInstanceId();
				int colon = scope == null ? -1 : scope.indexOf(':');
				return colon > 0 && isInteractionActivity(event.getProcessDefinitionKey(), scope.substring(0, colon));
			}
			return false;
		}
	}
}
