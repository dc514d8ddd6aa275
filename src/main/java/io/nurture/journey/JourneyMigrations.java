package io.nurture.journey;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.migration.MigratingActivityInstanceValidationReport;
import org.camunda.bpm.engine.migration.MigratingProcessInstanceValidationException;
import org.camunda.bpm.engine.migration.MigratingProcessInstanceValidationReport;
import org.camunda.bpm.engine.migration.MigratingTransitionInstanceValidationReport;
import org.camunda.bpm.engine.migration.MigrationInstruction;
import org.camunda.bpm.engine.migration.MigrationPlan;
import org.camunda.bpm.engine.migration.MigrationPlanBuilder;
import org.camunda.bpm.engine.migration.MigrationPlanValidationException;
import org.camunda.bpm.engine.migration.MigrationInstructionsBuilder;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.engine.runtime.ActivityInstance;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.runtime.TransitionInstance;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.BoundaryEvent;
import org.camunda.bpm.model.bpmn.instance.EventBasedGateway;
import org.camunda.bpm.model.bpmn.instance.FlowElement;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import io.nurture.journey.MigrationReport.Move;
import io.nurture.journey.MigrationReport.Refusal;
import io.nurture.journey.MigrationReport.Source;
import io.nurture.journey.MigrationRequest.Mapping;

/**
 * Moves running leads of a journey to another version of it with Camunda's process instance migration: activities
 * with equal ids map onto each other, the request's mappings add to or replace them. Works for any deployed process
 * key. A dry run migrates each chunk of leads in a transaction that is rolled back, so it reports exactly what
 * Camunda would refuse; the real run commits chunk by chunk, and a lead Camunda refuses stays where it is.
 * Synchronous rather than a Camunda batch: the answer says who moved and who did not, and a journey's thousands of
 * leads move within the request.
 */
@Service
class JourneyMigrations {

	/** Camunda's words for a lead waiting in an activity that no instruction maps. */
	private static final String NO_INSTRUCTION = "There is no migration instruction for this instance's activity";

	private final RepositoryService repository;
	private final RuntimeService runtime;
	private final TransactionTemplate transactions;
	private final JourneySettings settings;

	JourneyMigrations(RepositoryService repository, RuntimeService runtime, TransactionTemplate transactions,
			JourneySettings settings) {
		this.repository = repository;
		this.runtime = runtime;
		this.transactions = transactions;
		this.settings = settings;
	}

	MigrationReport migrate(String key, MigrationRequest request) {
		List<ProcessDefinition> versions = repository.createProcessDefinitionQuery().processDefinitionKey(key)
				.orderByProcessDefinitionVersion().asc().list();
		if (versions.isEmpty()) {
			throw JourneyProblem.unknownJourney(key);
		}
		ProcessDefinition target = request.toVersion() == null ? versions.get(versions.size() - 1)
				: version(versions, key, "toVersion", request.toVersion());
		List<ProcessDefinition> sources;
		if (request.fromVersion() != null) {
			ProcessDefinition source = version(versions, key, "fromVersion", request.fromVersion());
			if (source.getVersion() == target.getVersion()) {
				throw JourneyProblem.invalid("fromVersion", "leads of version " + source.getVersion()
						+ " are already on it; name another version to move them from");
			}
			sources = List.of(source);
		}
		else {
			sources = versions.stream().filter(version -> version.getVersion() < target.getVersion()).toList();
		}
		checkMappings(request.mappings(), sources, target);

		List<Source> reports = new ArrayList<>();
		for (ProcessDefinition source : sources) {
			List<ProcessInstance> leads = runtime.createProcessInstanceQuery().processDefinitionId(source.getId())
					.orderByProcessInstanceId().asc().list();
			if (!leads.isEmpty() || request.fromVersion() != null) {
				reports.add(migrate(source, target, leads, request));
			}
		}
		int leads = reports.stream().mapToInt(Source::leads).sum();
		int movable = reports.stream().mapToInt(Source::movable).sum();
		return new MigrationReport(key, target.getVersion(), request.isDryRun(), leads, movable,
				request.isDryRun() ? 0 : movable, reports);
	}

	private Source migrate(ProcessDefinition source, ProcessDefinition target, List<ProcessInstance> leads,
			MigrationRequest request) {
		MigrationPlan plan = plan(source, target, request);
		Map<String, String> instructions = plan.getInstructions().stream()
				.collect(Collectors.toMap(MigrationInstruction::getSourceActivityId,
						MigrationInstruction::getTargetActivityId, (first, second) -> first));
		Map<String, List<String>> waitingAt = new LinkedHashMap<>();
		for (ProcessInstance lead : leads) {
			ActivityInstance tree = runtime.getActivityInstance(lead.getId());
			if (tree != null) {
				waitingAt.put(lead.getId(), leaves(tree, new ArrayList<>()));
			}
		}
		Names sourceNames = new Names(repository.getBpmnModelInstance(source.getId()));
		// A lead waiting where no instruction leads on is refused by Camunda for certain; telling it here spares a
		// rolled-back attempt (and an error in the log) per lead.
		Map<String, List<String>> unmapped = new LinkedHashMap<>();
		waitingAt.forEach((lead, activities) -> {
			List<String> reasons = activities.stream().filter(activity -> !instructions.containsKey(activity))
					.map(activity -> sourceNames.of(activity) + " (" + activity + "): " + NO_INSTRUCTION).toList();
			if (!reasons.isEmpty()) {
				unmapped.put(lead, reasons);
			}
		});
		List<String> candidates = waitingAt.keySet().stream().filter(lead -> !unmapped.containsKey(lead)).toList();
		Map<String, MigratingProcessInstanceValidationReport> refused = run(plan, candidates, request.isDryRun());

		Names targetNames = new Names(repository.getBpmnModelInstance(target.getId()));
		Map<String, Integer> counts = new LinkedHashMap<>();
		waitingAt.values().forEach(activities -> activities.forEach(id -> counts.merge(id, 1, Integer::sum)));
		List<Move> moves = counts.entrySet().stream().map(count -> {
			String to = instructions.get(count.getKey());
			return new Move(count.getKey(), sourceNames.of(count.getKey()), to, to == null ? null : targetNames.of(to),
					count.getValue());
		}).toList();
		Map<String, String> businessKeys = leads.stream()
				.collect(Collectors.toMap(ProcessInstance::getId, lead -> String.valueOf(lead.getBusinessKey())));
		List<Refusal> refusals = new ArrayList<>();
		unmapped.forEach((lead, reasons) -> refusals.add(new Refusal(businessKeys.get(lead), lead, waitingAt.get(lead),
				reasons)));
		refused.values().forEach(report -> refusals.add(new Refusal(businessKeys.get(report.getProcessInstanceId()),
				report.getProcessInstanceId(), waitingAt.get(report.getProcessInstanceId()), reasons(report, sourceNames))));
		return new Source(source.getVersion(), waitingAt.size(), waitingAt.size() - refusals.size(), moves, refusals);
	}

	/** Equal activities first; an explicit mapping replaces the equal one for its source activity. */
	private MigrationPlan plan(ProcessDefinition source, ProcessDefinition target, MigrationRequest request) {
		MigrationInstructionsBuilder equal = runtime.createMigrationPlan(source.getId(), target.getId())
				.mapEqualActivities();
		if (request.updateEventTriggers()) {
			equal.updateEventTriggers();
		}
		List<MigrationInstruction> generated = equal.build().getInstructions();
		BpmnModelInstance sourceModel = repository.getBpmnModelInstance(source.getId());
		Set<String> sourceActivities = new Names(sourceModel).ids();
		List<Mapping> explicit = request.mappings().stream()
				.filter(mapping -> sourceActivities.contains(mapping.from())).toList();
		Set<String> replaced = explicit.stream().map(Mapping::from).collect(Collectors.toSet());

		MigrationPlanBuilder builder = runtime.createMigrationPlan(source.getId(), target.getId());
		for (MigrationInstruction instruction : generated) {
			if (!replaced.contains(instruction.getSourceActivityId())) {
				var mapped = builder.mapActivities(instruction.getSourceActivityId(), instruction.getTargetActivityId());
				if (instruction.isUpdateEventTrigger()) {
					mapped.updateEventTrigger();
				}
			}
		}
		explicit.forEach(mapping -> builder.mapActivities(mapping.from(), mapping.to()));
		// Camunda maps no equal events of an activity mapped to another id (those after an event-based gateway, on a
		// boundary), so its leads would lose their waiting timers and get new ones; equal ids keep them.
		Set<String> generatedSources = generated.stream().map(MigrationInstruction::getSourceActivityId)
				.collect(Collectors.toSet());
		Set<String> targetActivities = new Names(repository.getBpmnModelInstance(target.getId())).ids();
		explicit.stream().flatMap(mapping -> eventsOf(sourceModel, mapping.from()).stream())
				.filter(event -> targetActivities.contains(event) && !generatedSources.contains(event)
						&& !replaced.contains(event))
				.distinct().forEach(event -> {
					var mapped = builder.mapActivities(event, event);
					if (request.updateEventTriggers()) {
						mapped.updateEventTrigger();
					}
				});
		try {
			return builder.build();
		}
		catch (MigrationPlanValidationException refused) {
			List<Map<String, Object>> failures = refused.getValidationReport().getInstructionReports().stream()
					.map(report -> Map.<String, Object>of("from", report.getMigrationInstruction().getSourceActivityId(),
							"to", report.getMigrationInstruction().getTargetActivityId(), "reasons", report.getFailures()))
					.toList();
			throw JourneyProblem.refusedPlan("Camunda refuses to migrate version " + source.getVersion() + " to version "
					+ target.getVersion() + " with these mappings: " + failures.stream()
							.map(failure -> failure.get("from") + " -> " + failure.get("to") + ": " + failure.get("reasons"))
							.collect(Collectors.joining("; ")),
					failures);
		}
	}

	/**
	 * Migrates chunk by chunk, committing only when {@code dryRun} is false. A lead Camunda refuses is taken out of
	 * its chunk with its report, and the chunk is tried again without it.
	 */
	private Map<String, MigratingProcessInstanceValidationReport> run(MigrationPlan plan, List<String> leads,
			boolean dryRun) {
		Map<String, MigratingProcessInstanceValidationReport> refused = new LinkedHashMap<>();
		int size = settings.migration().chunkSize();
		for (int start = 0; start < leads.size(); start += size) {
			List<String> chunk = new ArrayList<>(leads.subList(start, Math.min(start + size, leads.size())));
			while (!chunk.isEmpty()) {
				try {
					transactions.executeWithoutResult(status -> {
						runtime.newMigration(plan).processInstanceIds(chunk).execute();
						if (dryRun) {
							status.setRollbackOnly();
						}
					});
					break;
				}
				catch (MigratingProcessInstanceValidationException refusal) {
					MigratingProcessInstanceValidationReport report = refusal.getValidationReport();
					refused.put(report.getProcessInstanceId(), report);
					if (!chunk.remove(report.getProcessInstanceId())) {
						throw refusal;
					}
				}
			}
		}
		return refused;
	}

	/** The activities a lead waits in: the leaves of its activity instance tree. */
	private static List<String> leaves(ActivityInstance instance, List<String> into) {
		for (TransitionInstance transition : instance.getChildTransitionInstances()) {
			into.add(transition.getActivityId());
		}
		for (ActivityInstance child : instance.getChildActivityInstances()) {
			if (child.getChildActivityInstances().length == 0 && child.getChildTransitionInstances().length == 0) {
				into.add(child.getActivityId());
			}
			else {
				leaves(child, into);
			}
		}
		return into;
	}

	private static List<String> reasons(MigratingProcessInstanceValidationReport report, Names names) {
		List<String> reasons = new ArrayList<>(report.getFailures());
		for (MigratingActivityInstanceValidationReport activity : report.getActivityInstanceReports()) {
			activity.getFailures().forEach(failure -> reasons.add(names.of(activity.getSourceScopeId()) + " ("
					+ activity.getSourceScopeId() + "): " + failure));
		}
		for (MigratingTransitionInstanceValidationReport transition : report.getTransitionInstanceReports()) {
			transition.getFailures().forEach(failure -> reasons.add(names.of(transition.getSourceScopeId()) + " ("
					+ transition.getSourceScopeId() + "): " + failure));
		}
		return reasons;
	}

	/** A mapping must lead from an activity of a version that moves to an activity of the target version. */
	private void checkMappings(List<Mapping> mappings, List<ProcessDefinition> sources, ProcessDefinition target) {
		Names targetNames = new Names(repository.getBpmnModelInstance(target.getId()));
		Map<String, Boolean> known = new HashMap<>();
		for (int i = 0; i < mappings.size(); i++) {
			Mapping mapping = mappings.get(i);
			if (!targetNames.ids().contains(mapping.to())) {
				throw JourneyProblem.invalid("mappings[" + i + "].to", "version " + target.getVersion()
						+ " has no activity '" + mapping.to() + "'");
			}
			boolean inSource = known.computeIfAbsent(mapping.from(), from -> sources.stream()
					.anyMatch(source -> new Names(repository.getBpmnModelInstance(source.getId())).ids().contains(from)));
			if (!inSource) {
				throw JourneyProblem.invalid("mappings[" + i + "].from", "no version that moves has an activity '"
						+ mapping.from() + "'");
			}
		}
	}

	private static ProcessDefinition version(List<ProcessDefinition> versions, String key, String field, int version) {
		return versions.stream().filter(definition -> definition.getVersion() == version).findFirst()
				.orElseThrow(() -> JourneyProblem.unknownVersion(key, field, version));
	}

	/** The events that wait together with the activity: after it, when it is an event-based gateway, or on its boundary. */
	private static List<String> eventsOf(BpmnModelInstance model, String activity) {
		List<String> events = new ArrayList<>();
		if (model.getModelElementById(activity) instanceof EventBasedGateway gateway) {
			gateway.getOutgoing().forEach(flow -> events.add(flow.getTarget().getId()));
		}
		model.getModelElementsByType(BoundaryEvent.class).stream()
				.filter(event -> event.getAttachedTo() != null && activity.equals(event.getAttachedTo().getId()))
				.forEach(event -> events.add(event.getId()));
		return events;
	}

	/** The activities of one BPMN model, by id, with the names marketers gave them. */
	private record Names(BpmnModelInstance model) {

		Set<String> ids() {
			return model.getModelElementsByType(FlowNode.class).stream().map(FlowNode::getId)
					.collect(Collectors.toSet());
		}

		String of(String id) {
			return model.getModelElementById(id) instanceof FlowElement element && element.getName() != null
					? element.getName() : id;
		}
	}
}
