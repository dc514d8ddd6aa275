package io.nurture.journey;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.management.ActivityStatistics;
import org.camunda.bpm.engine.management.ProcessDefinitionStatistics;
import org.camunda.bpm.engine.repository.Deployment;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.model.bpmn.instance.FlowElement;
import org.springframework.stereotype.Service;

/** The deployed journeys (every process key), their versions and where their running leads wait. */
@Service
class JourneyOverview {

	private final RepositoryService repository;
	private final ManagementService management;

	JourneyOverview(RepositoryService repository, ManagementService management) {
		this.repository = repository;
		this.management = management;
	}

	/** A journey: its key and name, the latest version, and how many leads run on each version. */
	record Journey(String key, String name, int latestVersion, long leads, List<Version> versions) {
	}

	/** One deployed version; {@code waiting} lists the activities its leads are in (only when one journey is asked). */
	record Version(int version, String id, Instant deployedAt, String resource, long leads, List<Waiting> waiting) {
	}

	record Waiting(String activity, String name, long leads) {
	}

	List<Journey> journeys() {
		Map<String, List<ProcessDefinitionStatistics>> byKey = management.createProcessDefinitionStatisticsQuery()
				.list().stream().collect(Collectors.groupingBy(ProcessDefinition::getKey, TreeMap::new, Collectors.toList()));
		return byKey.entrySet().stream().map(entry -> journey(entry.getValue(), false)).toList();
	}

	Journey journey(String key) {
		List<ProcessDefinitionStatistics> versions = management.createProcessDefinitionStatisticsQuery().list().stream()
				.filter(definition -> definition.getKey().equals(key)).toList();
		if (versions.isEmpty()) {
			throw JourneyProblem.unknownJourney(key);
		}
		return journey(versions, true);
	}

	private Journey journey(List<ProcessDefinitionStatistics> statistics, boolean withWaiting) {
		List<ProcessDefinitionStatistics> versions = statistics.stream()
				.sorted(Comparator.comparingInt(ProcessDefinition::getVersion)).toList();
		ProcessDefinitionStatistics latest = versions.get(versions.size() - 1);
		List<Version> views = versions.stream().map(version -> new Version(version.getVersion(), version.getId(),
				deployedAt(version.getDeploymentId()), version.getResourceName(), version.getInstances(),
				withWaiting ? waiting(version) : null)).toList();
		return new Journey(latest.getKey(), latest.getName(), latest.getVersion(),
				versions.stream().mapToLong(ProcessDefinitionStatistics::getInstances).sum(), views);
	}

	private List<Waiting> waiting(ProcessDefinitionStatistics version) {
		if (version.getInstances() == 0) {
			return List.of();
		}
		var model = repository.getBpmnModelInstance(version.getId());
		return management.createActivityStatisticsQuery(version.getId()).list().stream()
				.sorted(Comparator.comparing(ActivityStatistics::getId))
				.map(activity -> new Waiting(activity.getId(),
						model.getModelElementById(activity.getId()) instanceof FlowElement element ? element.getName() : null,
						activity.getInstances()))
				.toList();
	}

	private Instant deployedAt(String deploymentId) {
		Deployment deployment = repository.createDeploymentQuery().deploymentId(deploymentId).singleResult();
		return deployment == null || deployment.getDeploymentTime() == null ? null
				: deployment.getDeploymentTime().toInstant();
	}
}
