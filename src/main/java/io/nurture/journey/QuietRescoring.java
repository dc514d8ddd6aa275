package io.nurture.journey;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.BaseElement;
import org.camunda.bpm.model.bpmn.instance.ConditionExpression;
import org.camunda.bpm.model.bpmn.instance.EndEvent;
import org.camunda.bpm.model.bpmn.instance.ExclusiveGateway;
import org.camunda.bpm.model.bpmn.instance.ExtensionElements;
import org.camunda.bpm.model.bpmn.instance.FlowElement;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.MessageEventDefinition;
import org.camunda.bpm.model.bpmn.instance.SequenceFlow;
import org.camunda.bpm.model.bpmn.instance.ServiceTask;
import org.camunda.bpm.model.bpmn.instance.StartEvent;
import org.camunda.bpm.model.bpmn.instance.SubProcess;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaExecutionListener;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaInputOutput;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaInputParameter;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaOutputParameter;
import org.springframework.stereotype.Component;

/**
 * Knows, per journey version, whether an interaction that leaves a lead short of the MQL rule does nothing in the
 * journey but re-score it. In the shipped journey that is so: the "Interaction recorded" sub-process re-scores the
 * lead with the model its "Re-score lead" step names, asks "Sales-ready?", and on "no" ends at "Keep nurturing".
 * Running that sub-process in the engine for every click and visit is half the cost of an interaction (finding the
 * journey's execution, starting and ending a scope, flushing it) and changes nothing. Where the sub-process has
 * exactly that shape, the interaction is re-scored with the named model outside the engine, and the sub-process is run
 * only when the lead is sales-ready, when the journey then re-scores nothing twice and hands over as modelled.
 * Anything else a marketer adds to the sub-process (a step on the "no" path, a listener, an asynchronous step, another
 * output) makes the sub-process run for every interaction, as modelled.
 */
@Component
class QuietRescoring {

	private static final String RESCORE_DELEGATE = "${rescoreLead}";

	private final RepositoryService repository;
	private final Map<String, Optional<String>> modelByDefinition = new ConcurrentHashMap<>();

	QuietRescoring(RepositoryService repository) {
		this.repository = repository;
	}

	/**
	 * The scoring model to re-score with outside the engine, for a journey of the given process definition; empty
	 * when the journey's interaction sub-process must run for every interaction.
	 */
	Optional<String> scoringModel(String processDefinitionId) {
		return modelByDefinition.computeIfAbsent(processDefinitionId,
				id -> scoringModel(repository.getBpmnModelInstance(id)));
	}

	/** The model named by the only interaction sub-process of the journey, if that sub-process has the quiet shape. */
	static Optional<String> scoringModel(BpmnModelInstance journey) {
		List<SubProcess> handlers = journey.getModelElementsByType(SubProcess.class).stream()
				.filter(SubProcess::triggeredByEvent).filter(QuietRescoring::startedByInteraction).toList();
		if (handlers.size() != 1) {
			return Optional.empty();
		}
		SubProcess handler = handlers.get(0);
		Collection<FlowElement> elements = handler.getFlowElements();
		if (hasListeners(handler) || elements.stream().anyMatch(QuietRescoring::hasListeners)
				|| elements.stream().anyMatch(element -> !(element instanceof StartEvent || element instanceof ServiceTask
						|| element instanceof ExclusiveGateway || element instanceof EndEvent
						|| element instanceof SequenceFlow))) {
			return Optional.empty();
		}
		List<StartEvent> starts = only(elements, StartEvent.class);
		List<ServiceTask> tasks = only(elements, ServiceTask.class);
		List<ExclusiveGateway> gateways = only(elements, ExclusiveGateway.class);
		if (starts.size() != 1 || tasks.size() != 1 || gateways.size() != 1
				|| !leadsOnlyTo(starts.get(0), tasks.get(0)) || !leadsOnlyTo(tasks.get(0), gateways.get(0))
				|| !endsQuietlyWhenNotSalesReady(gateways.get(0))) {
			return Optional.empty();
		}
		return rescoringModel(tasks.get(0));
	}

	private static boolean startedByInteraction(SubProcess subProcess) {
		return subProcess.getChildElementsByType(StartEvent.class).stream()
				.flatMap(start -> start.getEventDefinitions().stream())
				.anyMatch(definition -> definition instanceof MessageEventDefinition message && message.getMessage() != null
						&& LeadJourney.MESSAGE_INTERACTION_RECORDED.equals(message.getMessage().getName()));
	}

	/** "Re-score lead", synchronous, naming its model as plain text, handing out nothing but {@code salesReady}. */
	private static Optional<String> rescoringModel(ServiceTask task) {
		if (!RESCORE_DELEGATE.equals(task.getCamundaDelegateExpression()) || task.isCamundaAsyncBefore()
				|| task.isCamundaAsyncAfter() || task.getExtensionElements() == null) {
			return Optional.empty();
		}
		List<CamundaInputOutput> mappings = task.getExtensionElements().getElementsQuery()
				.filterByType(CamundaInputOutput.class).list();
		if (mappings.size() != 1) {
			return Optional.empty();
		}
		Collection<CamundaOutputParameter> outputs = mappings.get(0).getCamundaOutputParameters();
		if (outputs.stream().anyMatch(output -> !LeadJourney.SALES_READY.equals(output.getCamundaName()))) {
			return Optional.empty();
		}
		List<CamundaInputParameter> model = mappings.get(0).getCamundaInputParameters().stream()
				.filter(input -> LeadJourney.SCORING_MODEL.equals(input.getCamundaName())).toList();
		if (model.size() != 1 || model.get(0).getValue() != null) {
			return Optional.empty();
		}
		String name = model.get(0).getTextContent().strip();
		return name.isEmpty() || name.contains("${") || name.contains("#{") ? Optional.empty() : Optional.of(name);
	}

	/** Exactly "yes" ({@code ${salesReady}}) and "no" ({@code ${!salesReady}}), "no" ending at a plain end event. */
	private static boolean endsQuietlyWhenNotSalesReady(ExclusiveGateway gateway) {
		Collection<SequenceFlow> outgoing = gateway.getOutgoing();
		if (outgoing.size() != 2 || gateway.getDefault() != null) {
			return false;
		}
		boolean yes = outgoing.stream().anyMatch(flow -> condition(flow).equals("${" + LeadJourney.SALES_READY + "}"));
		return yes && outgoing.stream().anyMatch(flow -> condition(flow).equals("${!" + LeadJourney.SALES_READY + "}")
				&& flow.getTarget() instanceof EndEvent end && end.getEventDefinitions().isEmpty());
	}

	private static String condition(SequenceFlow flow) {
		ConditionExpression condition = flow.getConditionExpression();
		return condition == null ? "" : condition.getTextContent().replace(" ", "");
	}

	private static boolean leadsOnlyTo(FlowNode from, FlowNode to) {
		return from.getOutgoing().size() == 1 && from.getOutgoing().iterator().next().getTarget() == to
				&& to.getIncoming().size() == 1;
	}

	private static boolean hasListeners(BaseElement element) {
		ExtensionElements extensions = element.getExtensionElements();
		return extensions != null
				&& !extensions.getElementsQuery().filterByType(CamundaExecutionListener.class).list().isEmpty();
	}

	private static <T> List<T> only(Collection<FlowElement> elements, Class<T> type) {
		return elements.stream().filter(type::isInstance).map(type::cast).toList();
	}
}
