package io.nurture.operations;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.engine.runtime.Incident;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.nurture.email.OutboxMessage;
import io.nurture.email.Outbox;
import io.nurture.lead.Leads;
import io.nurture.lead.Stage;
import io.nurture.scoring.InteractionRecorded;

/**
 * The engine's figures for operators, as Micrometer meters (Prometheus names in brackets): leads per stage
 * ({@code nurture_leads}), running instances per process key ({@code nurture_journeys_active}), the outbox backlog
 * ({@code nurture_outbox_backlog}), interactions ({@code nurture_interactions_total}), Camunda jobs whose time has
 * come ({@code nurture_engine_jobs_due}) and open incidents per process and type ({@code nurture_engine_incidents}).
 * Emails sent and failed are counted where they are delivered ({@code nurture_emails_sent_total},
 * {@code nurture_emails_failed_total}). Tags carry stages, statuses, process keys and types, never personal data.
 * The counted figures come from a few grouped queries, reused for {@code nurture.operations.metrics-cache-time}.
 */
@Component
class OperationsMetrics implements MeterBinder {

	private final Leads leads;
	private final Outbox outbox;
	private final ProcessEngine engine;
	private final OperationsSettings settings;
	private final Clock clock;
	private final Set<List<String>> registered = ConcurrentHashMap.newKeySet();
	private volatile MeterRegistry registry;
	private volatile Figures figures;

	OperationsMetrics(Leads leads, Outbox outbox, ProcessEngine engine, OperationsSettings settings, Clock clock) {
		this.leads = leads;
		this.outbox = outbox;
		this.engine = engine;
		this.settings = settings;
		this.clock = clock;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		this.registry = registry;
		for (Stage stage : Stage.values()) {
			Gauge.builder("nurture.leads", this, metrics -> metrics.figures().leads().getOrDefault(stage, 0L))
					.description("Leads per funnel stage").tag("stage", stage.name()).register(registry);
		}
		for (OutboxMessage.Status status : List.of(OutboxMessage.Status.PENDING, OutboxMessage.Status.SENDING)) {
			Gauge.builder("nurture.outbox.backlog", this, metrics -> metrics.figures().backlog().getOrDefault(status, 0L))
					.description("Emails waiting for delivery (PENDING) or being delivered (SENDING)")
					.tag("status", status.name()).register(registry);
		}
		Gauge.builder("nurture.engine.jobs.due", this, metrics -> metrics.figures().jobsDue())
				.description("Camunda jobs (timers, asynchronous steps, retries) whose time has come and which have retries left")
				.register(registry);
	}

	/** Gauges per process key need the deployed processes; they are known once the engine has deployed them. */
	@EventListener(ApplicationReadyEvent.class)
	void registerProcessGauges() {
		figures();
	}

	@EventListener
	void on(InteractionRecorded event) {
		MeterRegistry meters = registry;
		if (meters != null) {
			meters.counter("nurture.interactions", "type", event.type().name()).increment();
		}
	}

	/** The counted figures, counted anew when older than the cache time. */
	Figures figures() {
		Figures current = figures;
		Instant now = clock.instant();
		if (current == null || !current.countedAt().plus(settings.metricsCacheTime()).isAfter(now)) {
			synchronized (this) {
				current = figures;
				if (current == null || !current.countedAt().plus(settings.metricsCacheTime()).isAfter(now)) {
					current = count(now);
					figures = current;
					registerPerProcess(current);
				}
			}
		}
		return current;
	}

	private Figures count(Instant now) {
		Map<String, String> keys = new HashMap<>();
		Map<String, Long> journeys = new HashMap<>();
		for (ProcessDefinition definition : engine.getRepositoryService().createProcessDefinitionQuery().list()) {
			keys.put(definition.getId(), definition.getKey());
			journeys.putIfAbsent(definition.getKey(), 0L);
		}
		journeys.replaceAll((key, none) -> engine.getRuntimeService().createProcessInstanceQuery()
				.processDefinitionKey(key).count());
		Map<List<String>, Long> incidents = new HashMap<>();
		journeys.keySet().forEach(key -> incidents.put(List.of(key, Incident.FAILED_JOB_HANDLER_TYPE), 0L));
		for (Incident incident : engine.getRuntimeService().createIncidentQuery().listPage(0, 10_000)) {
			incidents.merge(List.of(keys.getOrDefault(incident.getProcessDefinitionId(), "unknown"),
					incident.getIncidentType()), 1L, Long::sum);
		}
		long jobsDue = engine.getManagementService().createJobQuery().executable().count();
		return new Figures(leads.countByStage(), outbox.backlog(), journeys, incidents, jobsDue, now);
	}

	/** A process deployed after the start (from Modeler, say) gets its gauges at the next count. */
	private void registerPerProcess(Figures counted) {
		MeterRegistry meters = registry;
		if (meters == null) {
			return;
		}
		counted.journeys().keySet().forEach(key -> {
			if (registered.add(List.of("journeys", key))) {
				Gauge.builder("nurture.journeys.active", this, metrics -> metrics.figures().journeys().getOrDefault(key, 0L))
						.description("Running process instances per process key (journeys, tracks, sales handovers)")
						.tag("process", key).register(meters);
			}
		});
		counted.incidents().keySet().forEach(processAndType -> {
			if (registered.add(List.of("incidents", processAndType.get(0), processAndType.get(1)))) {
				Gauge.builder("nurture.engine.incidents", this,
						metrics -> metrics.figures().incidents().getOrDefault(processAndType, 0L))
						.description("Open Camunda incidents per process key and incident type (see Cockpit)")
						.tag("process", processAndType.get(0)).tag("type", processAndType.get(1)).register(meters);
			}
		});
	}

	record Figures(Map<Stage, Long> leads, Map<OutboxMessage.Status, Long> backlog, Map<String, Long> journeys,
			Map<List<String>, Long> incidents, long jobsDue, Instant countedAt) {
	}
}
