package io.nurture.journey.simulation;

import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.impl.persistence.entity.ProcessDefinitionEntity;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;
import org.camunda.bpm.engine.impl.pvm.process.ScopeImpl;
import org.camunda.bpm.engine.impl.pvm.process.TransitionImpl;
import org.camunda.bpm.engine.impl.util.xml.Element;

/**
 * Records the path a simulated lead takes: every activity it enters, and every choice where a gateway or activity
 * has more than one way out. Added to each model as it is parsed into the simulation engine.
 */
final class Trail extends AbstractBpmnParseListener {

	private final Simulation simulation;

	Trail(Simulation simulation) {
		this.simulation = simulation;
	}

	private void follow(ActivityImpl activity) {
		activity.addBuiltInListener(ExecutionListener.EVENTNAME_START, (ExecutionListener) execution -> {
			simulation.passed(((ProcessDefinitionEntity) activity.getProcessDefinition()).getKey(), activity.getId(), (String) activity.getProperty("name"),
					(String) activity.getProperty("type"));
			if (activity.getEventScope() instanceof ActivityImpl gateway
					&& "eventBasedGateway".equals(gateway.getProperty("type"))) {
				simulation.branched(nameOf(gateway), nameOf(activity));
			}
		});
	}

	@Override
	public void parseSequenceFlow(Element element, ScopeImpl scope, TransitionImpl transition) {
		transition.addBuiltInListener(ExecutionListener.EVENTNAME_TAKE, (ExecutionListener) execution -> {
			ActivityImpl source = transition.getSource();
			if (source.getOutgoingTransitions().size() > 1) {
				String label = (String) transition.getProperty("name");
				simulation.branched(nameOf(source), label != null ? label : "to " + nameOf((ActivityImpl) transition.getDestination()));
			}
		});
	}

	private static String nameOf(ActivityImpl activity) {
		Object name = activity.getProperty("name");
		return name != null ? (String) name : activity.getId();
	}

	@Override
	public void parseStartEvent(Element element, ScopeImpl scope, ActivityImpl activity) {
		follow(activity);
	}

	@Override
	public void parseExclusiveGateway(Element element, ScopeImpl scope, ActivityImpl activity) {
		follow(activity);
	}

	@Override
	public void parseInclusiveGateway(Element element, ScopeImpl scope, ActivityImpl activity) {
		follow(activity);
	}

	@Override
	public void parseParallelGateway(Element element, ScopeImpl scope, ActivityImpl activity) {
		follow(activity);
	}

	@Override
	public void parseEventBasedGateway(Element element, ScopeImpl scope, ActivityImpl activity) {
		follow(activity);
	}

	@Override
	public void parseScriptTask(Element element, ScopeImpl scope, ActivityImpl activity) {
		follow(activity);
	}

	@Override
	public void parseServiceTask(Element element, ScopeImpl scope, ActivityImpl activity) {
		follow(activity);
	}

	@Override
	public void parseBusinessRuleTask(Element element, ScopeImpl scope, ActivityImpl activity) {
		follow(activity);
	}

	@Override
	public void parseTask(Element element, ScopeImpl scope, ActivityImpl activity) {
		follow(activity);
	}

	@Override
	public void parseManualTask(Element element, ScopeImpl scope, ActivityImpl activity) {
		follow(activity);
	}

	@Override
	public void parseUserTask(Element element, ScopeImpl scope, ActivityImpl activity) {
		follow(activity);
	}

	@Override
	public void parseSendTask(Element element, ScopeImpl scope, ActivityImpl activity) {
		follow(activity);
	}

	@Override
	public void parseReceiveTask(Element element, ScopeImpl scope, ActivityImpl activity) {
		follow(activity);
	}

	@Override
	public void parseEndEvent(Element element, ScopeImpl scope, ActivityImpl activity) {
		follow(activity);
	}

	@Override
	public void parseSubProcess(Element element, ScopeImpl scope, ActivityImpl activity) {
		follow(activity);
	}

	@Override
	public void parseCallActivity(Element element, ScopeImpl scope, ActivityImpl activity) {
		follow(activity);
	}

	@Override
	public void parseIntermediateThrowEvent(Element element, ScopeImpl scope, ActivityImpl activity) {
		follow(activity);
	}

	@Override
	public void parseIntermediateCatchEvent(Element element, ScopeImpl scope, ActivityImpl activity) {
		follow(activity);
	}

	@Override
	public void parseBoundaryEvent(Element element, ScopeImpl scope, ActivityImpl activity) {
		follow(activity);
	}
}
