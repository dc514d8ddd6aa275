package io.nurture.journey.simulation;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngineConfiguration;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.impl.cfg.StandaloneInMemProcessEngineConfiguration;
import org.camunda.bpm.engine.impl.persistence.StrongUuidGenerator;
import org.camunda.bpm.engine.repository.DeploymentBuilder;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.spring.boot.starter.property.CamundaBpmProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.ResourcePatternResolver;
import org.springframework.stereotype.Service;

import io.nurture.consent.ConsentStatus;
import io.nurture.email.Outbox;
import io.nurture.journey.JourneyProblem;
import io.nurture.journey.JourneySettings;
import io.nurture.journey.SimulationStandIns;
import io.nurture.journey.simulation.SimulationReport.Outcome;
import io.nurture.journey.simulation.SimulationRequest.SampleLead;
import io.nurture.lead.Lead;
import io.nurture.lead.Leads;
import io.nurture.lead.NewLead;
import io.nurture.scoring.InteractionType;
import io.nurture.scoring.ScoringPreview;

/**
 * Shows how a journey would treat a sample lead, on the real BPMN, DMN and templates, in simulated time. Each
 * simulation gets its own short-lived engine on its own in-memory H2 database with the job executor off, into which
 * the engine's process resources and the asked journey version are deployed, with imitations of the beans: nothing
 * is sent, nothing is written to the project's tables, and the live engine and its clock are never touched.
 */
@Service
class JourneySimulator {

	private static final Logger log = LoggerFactory.getLogger(JourneySimulator.class);
	private static final Pattern DELEGATE = Pattern.compile("delegateExpression=\"\\$\\{([A-Za-z_$][\\w$]*)}\"");

	private final RepositoryService repository;
	private final Leads leads;
	private final Outbox outbox;
	private final ScoringPreview scoring;
	private final JourneySettings settings;
	private final CamundaBpmProperties camunda;
	private final ResourcePatternResolver resources;
	private final Clock clock;
	private final List<SimulationStandIns> standIns;

	JourneySimulator(RepositoryService repository, Leads leads, Outbox outbox, ScoringPreview scoring,
			JourneySettings settings, CamundaBpmProperties camunda, ResourcePatternResolver resources, Clock clock,
			List<SimulationStandIns> standIns) {
		this.repository = repository;
		this.leads = leads;
		this.outbox = outbox;
		this.scoring = scoring;
		this.settings = settings;
		this.camunda = camunda;
		this.resources = resources;
		this.clock = clock;
		this.standIns = standIns;
	}

	SimulationReport simulate(String key, SimulationRequest request) {
		ProcessDefinition journey = journey(key, request.version());
		Duration horizon = request.horizon() != null ? request.horizon() : settings.simulation().horizon();
		if (horizon.isNegative() || horizon.isZero()) {
			throw JourneyProblem.invalid("horizon", "must be a positive duration such as P365D");
		}
		checkReactions(request.reactions());

		Lead sample = leads.sample(newLead(request.lead(), request));
		Simulation simulation = new Simulation(sample, request.consent(), scoring.defaultModel(),
				clock.instant().truncatedTo(ChronoUnit.SECONDS));
		Map<String, String> files = processFiles();
		String journeyXml = read(repository.getProcessModel(journey.getId()));
		Set<String> beans = new TreeSet<>();
		Stream.concat(files.values().stream(), Stream.of(journeyXml)).forEach(xml -> {
			Matcher delegate = DELEGATE.matcher(xml);
			while (delegate.find()) {
				beans.add(delegate.group(1));
			}
		});

		long started = System.nanoTime();
		ProcessEngine engine = engine(simulation, beans);
		try {
			String definitionId = deploy(engine, files, key, journeyXml);
			Outcome outcome = new SimulationRun(engine, simulation, scoring).run(definitionId, request.reactions(), horizon,
					settings.simulation().maxSteps());
			return new SimulationReport(key, journey.getVersion(), simulation.start, outcome, simulation.emails,
					simulation.mql, simulation.path, simulation.branches, simulation.reactions, simulation.scores,
					simulation.stages, simulation.actions);
		}
		finally {
			engine.close();
			log.debug("Simulated journey {} in {} ms", key, (System.nanoTime() - started) / 1_000_000);
		}
	}

	private ProcessDefinition journey(String key, Integer version) {
		var query = repository.createProcessDefinitionQuery().processDefinitionKey(key);
		if (query.count() == 0) {
			throw JourneyProblem.unknownJourney(key);
		}
		if (version == null) {
			return query.latestVersion().singleResult();
		}
		ProcessDefinition asked = query.processDefinitionVersion(version).singleResult();
		if (asked == null) {
			throw JourneyProblem.unknownVersion(key, "version", version);
		}
		return asked;
	}

	private static void checkReactions(List<SimulationRequest.Reaction> reactions) {
		List<String> allowed = Stream.concat(Arrays.stream(InteractionType.values()).map(Enum::name),
				Stream.of(SimulationRun.CONSENT_CONFIRMED)).toList();
		for (int i = 0; i < reactions.size(); i++) {
			if (!allowed.contains(reactions.get(i).type())) {
				throw JourneyProblem.invalid("reactions[" + i + "].type", "'" + reactions.get(i).type()
						+ "' is no reaction; use one of " + allowed);
			}
			if (reactions.get(i).after().isNegative()) {
				throw JourneyProblem.invalid("reactions[" + i + "].after", "must not be negative");
			}
		}
	}

	private static NewLead newLead(SampleLead lead, SimulationRequest request) {
		return new NewLead(lead.email(), lead.firstName(), lead.lastName(), lead.company(), lead.companySize(),
				lead.jobTitle(), lead.industry(), lead.phone(), lead.country(), lead.language(), "simulation",
				request.consent() != ConsentStatus.NONE);
	}

	/** The files the live engine deploys at start (processes/), by file name. */
	private Map<String, String> processFiles() {
		Map<String, String> files = new LinkedHashMap<>();
		try {
			for (String pattern : camunda.getDeploymentResourcePattern()) {
				for (Resource resource : resources.getResources(pattern)) {
					try (InputStream in = resource.getInputStream()) {
						files.put(resource.getFilename(), read(in));
					}
				}
			}
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		return files;
	}

	/**
	 * Everything from processes/ in one deployment; the asked journey version with the forms in a second one, so that
	 * forms bound to the deployment are found and the journey started is exactly the version asked for.
	 */
	private static String deploy(ProcessEngine engine, Map<String, String> files, String key, String journeyXml) {
		DeploymentBuilder all = engine.getRepositoryService().createDeployment().name("processes");
		files.forEach(all::addString);
		all.deploy();
		DeploymentBuilder journey = engine.getRepositoryService().createDeployment().name(key)
				.addString(key + ".bpmn", journeyXml);
		files.forEach((name, content) -> {
			if (name.endsWith(".form")) {
				journey.addString(name, content);
			}
		});
		String deploymentId = journey.deploy().getId();
		return engine.getRepositoryService().createProcessDefinitionQuery().deploymentId(deploymentId)
				.processDefinitionKey(key).singleResult().getId();
	}

	private ProcessEngine engine(Simulation simulation, Set<String> beans) {
		String name = "simulation-" + UUID.randomUUID();
		StandaloneInMemProcessEngineConfiguration configuration = new StandaloneInMemProcessEngineConfiguration();
		configuration.setProcessEngineName(name);
		// Dropped with its last connection, which the engine closes on close.
		configuration.setJdbcUrl("jdbc:h2:mem:" + name);
		configuration.setDatabaseSchemaUpdate(ProcessEngineConfiguration.DB_SCHEMA_UPDATE_CREATE_DROP);
		configuration.setJobExecutorActivate(false);
		// Only what a journey needs: no history, identity or CMMN tables to create.
		configuration.setHistory(ProcessEngineConfiguration.HISTORY_NONE);
		configuration.setDbHistoryUsed(false);
		configuration.setDbIdentityUsed(false);
		configuration.setCmmnEnabled(false);
		configuration.setMetricsEnabled(false);
		configuration.setDbMetricsReporterActivate(false);
		configuration.setIdGenerator(new StrongUuidGenerator());
		configuration.setBeans(SimulationDelegates.beans(beans, simulation, outbox, scoring, standIns));
		configuration.setCustomPreBPMNParseListeners(List.of(new Trail(simulation)));
		return configuration.buildProcessEngine();
	}

	private static String read(InputStream in) {
		try (in) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}
}
