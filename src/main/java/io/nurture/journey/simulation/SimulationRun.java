package io.nurture.journey.simulation;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.runtime.ActivityInstance;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.MessageCorrelationBuilder;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.IdentityLinkType;
import org.camunda.bpm.engine.task.Task;

import io.nurture.consent.ConsentStatus;
import io.nurture.journey.LeadJourney;
import io.nurture.journey.simulation.SimulationReport.Outcome;
import io.nurture.journey.simulation.SimulationRequest.Reaction;
import io.nurture.scoring.Assessment;
import io.nurture.scoring.InteractionType;
import io.nurture.scoring.ScoringPreview;
import io.nurture.scoring.ScoringPreview.SampleInteraction;

/**
 * Drives one simulated journey in its own engine: runs what is due in simulated time, due jobs in due order and the
 * sample's reactions as the messages the journey listens to, until the journey ends, waits for a person, or the
 * horizon is reached.
 *
 * <p>Camunda computes a timer's due date from the real clock, and its clock is shared by every engine in the JVM,
 * so it is never moved: a timer created at real time r with due date d is due at simulated now + (d - r).
 */
final class SimulationRun {

	static final String CONSENT_CONFIRMED = "CONSENT_CONFIRMED";

	private final ProcessEngine engine;
	private final Simulation simulation;
	private final ScoringPreview scoring;
	private final Map<String, Instant> due = new HashMap<>();

	SimulationRun(ProcessEngine engine, Simulation simulation, ScoringPreview scoring) {
		this.engine = engine;
		this.simulation = simulation;
		this.scoring = scoring;
	}

	Outcome run(String processDefinitionId, List<Reaction> reactions, Duration horizon, int maxSteps) {
		Instant end = simulation.start.plus(horizon);
		String leadId = simulation.lead.getId();
		try {
			act(() -> engine.getRuntimeService().startProcessInstanceById(processDefinitionId, leadId,
					Map.of(LeadJourney.LEAD_ID, leadId)));
			int next = 0;
			for (int step = 0;; step++) {
				Optional<Outcome> stopped = stopped();
				if (stopped.isPresent()) {
					return stopped.get();
				}
				if (step == maxSteps) {
					return outcome("STEP_LIMIT", "stopped after " + maxSteps + " timers and reactions; the journey may loop");
				}
				Optional<Map.Entry<String, Instant>> job = due.entrySet().stream().min(Map.Entry.comparingByValue());
				Instant reactionAt = next < reactions.size() ? simulation.lastEvent().plus(reactions.get(next).after())
						: null;
				if (job.isPresent() && (reactionAt == null || !job.get().getValue().isAfter(reactionAt))) {
					if (job.get().getValue().isAfter(end)) {
						return horizon(end);
					}
					simulation.advanceTo(job.get().getValue());
					act(() -> engine.getManagementService().executeJob(job.get().getKey()));
				}
				else if (reactionAt != null) {
					if (reactionAt.isAfter(end)) {
						return horizon(end);
					}
					simulation.advanceTo(reactionAt);
					react(reactions.get(next++), leadId);
				}
				else {
					return outcome("WAITING", "waits at " + waitingAt() + "; nothing more happens without a reaction");
				}
			}
		}
		catch (RuntimeException failure) {
			Throwable cause = failure;
			while (cause.getCause() != null && cause.getCause() != cause) {
				cause = cause.getCause();
			}
			return outcome("FAILED", "the journey failed: " + cause.getMessage());
		}
	}

	/** Runs one engine action at the current simulated instant and learns when the timers it created fall due. */
	private void act(Runnable action) {
		Instant realBefore = Instant.now();
		action.run();
		List<Job> jobs = engine.getManagementService().createJobQuery().active().list().stream()
				.filter(job -> job.getProcessInstanceId() != null).toList();
		Set<String> current = new LinkedHashSet<>();
		for (Job job : jobs) {
			current.add(job.getId());
			due.computeIfAbsent(job.getId(), id -> simulation.now().plus(wait(job, realBefore)));
		}
		due.keySet().retainAll(current);
	}

	/** The job's wait, from its creation to its due date, to the second: durations in journeys are that coarse. */
	private static Duration wait(Job job, Instant realBefore) {
		if (job.getDuedate() == null) {
			return Duration.ZERO;
		}
		Instant created = job.getCreateTime() != null ? job.getCreateTime().toInstant() : realBefore;
		long millis = Duration.between(created, job.getDuedate().toInstant()).toMillis();
		return Duration.ofSeconds(Math.max(0, Math.round(millis / 1000.0)));
	}

	private void react(Reaction reaction, String leadId) {
		String type = reaction.type();
		if (CONSENT_CONFIRMED.equals(type)) {
			simulation.consent = ConsentStatus.CONFIRMED;
			simulation.reacted(type, delivered(correlate(LeadJourney.MESSAGE_CONSENT_CONFIRMED, leadId, null)));
			return;
		}
		InteractionType interaction = InteractionType.valueOf(type);
		simulation.interactions.add(new SampleInteraction(interaction, reaction.url(), simulation.now()));
		int id = simulation.interactions.size() - 1;
		boolean delivered;
		if (interaction == InteractionType.UNSUBSCRIBED) {
			simulation.consent = ConsentStatus.WITHDRAWN;
			delivered = correlate(LeadJourney.MESSAGE_UNSUBSCRIBED, leadId, null);
			scoreOutsideTheJourney(id, "Unsubscribed");
		}
		else {
			delivered = correlate(LeadJourney.MESSAGE_INTERACTION_RECORDED, leadId, id);
			if (!delivered) {
				// As in the live engine: no journey step listens, so the interaction is scored directly.
				scoreOutsideTheJourney(id, "Scored outside the journey");
			}
			// As JourneyEvents: after the re-scoring, a click reaches the track waiting for one, a bounce ends nurture.
			if (interaction == InteractionType.EMAIL_CLICKED) {
				delivered |= correlate(LeadJourney.MESSAGE_EMAIL_CLICKED, leadId, null);
			}
			else if (interaction == InteractionType.HARD_BOUNCED) {
				delivered |= correlate(LeadJourney.MESSAGE_HARD_BOUNCED, leadId, null);
			}
		}
		simulation.reacted(type, delivered(delivered));
	}

	private static String delivered(boolean delivered) {
		return delivered ? "delivered to the journey" : "no step of the journey listens for it now";
	}

	private void scoreOutsideTheJourney(int interaction, String step) {
		simulation.scored.add(interaction);
		Assessment assessment = SimulationDelegates.score(simulation, scoring);
		simulation.scored(step, assessment.score(), assessment.fitScore(), assessment.engagementScore(),
				assessment.grade(), assessment.mql());
	}

	private boolean correlate(String message, String leadId, Integer interactionId) {
		boolean[] delivered = new boolean[1];
		act(() -> {
			MessageCorrelationBuilder correlation = engine.getRuntimeService().createMessageCorrelation(message)
					.processInstanceBusinessKey(leadId);
			if (interactionId != null) {
				correlation.setVariableToTriggeredScope(LeadJourney.INTERACTION_ID, interactionId.longValue());
			}
			delivered[0] = !correlation.correlateAllWithResult().isEmpty();
		});
		return delivered[0];
	}

	private Optional<Outcome> stopped() {
		List<Task> tasks = engine.getTaskService().createTaskQuery().orderByTaskCreateTime().asc().list();
		if (!tasks.isEmpty()) {
			Task task = tasks.get(0);
			List<String> groups = engine.getTaskService().getIdentityLinksForTask(task.getId()).stream()
					.filter(link -> IdentityLinkType.CANDIDATE.equals(link.getType()) && link.getGroupId() != null)
					.map(IdentityLink::getGroupId).toList();
			String who = task.getAssignee() != null ? task.getAssignee()
					: groups.isEmpty() ? "a person" : String.join(", ", groups);
			return Optional.of(outcome("WAITING_FOR_TASK", "waits for " + who + ": " + task.getName()));
		}
		if (engine.getRuntimeService().createProcessInstanceQuery().count() == 0) {
			String endedAt = simulation.path.stream().filter(step -> step.type() != null && step.type().endsWith("EndEvent"))
					.reduce((first, second) -> second).map(step -> step.name() != null ? step.name() : step.activity())
					.orElse("the end");
			return Optional.of(outcome("ENDED", "ended: " + endedAt));
		}
		return Optional.empty();
	}

	private Outcome horizon(Instant end) {
		simulation.advanceTo(end);
		return outcome("HORIZON", "still in the journey at the horizon, waiting at " + waitingAt());
	}

	private Outcome outcome(String state, String description) {
		return new Outcome(state, simulation.now(), simulation.after(), description);
	}

	/** The names of the activities the sample waits in, in every process it runs in. */
	private String waitingAt() {
		List<String> names = new ArrayList<>();
		for (ProcessInstance instance : engine.getRuntimeService().createProcessInstanceQuery().list()) {
			List<ActivityInstance> open = new ArrayList<>(List.of(engine.getRuntimeService().getActivityInstance(instance.getId())));
			while (!open.isEmpty()) {
				ActivityInstance node = open.remove(open.size() - 1);
				if (node.getChildActivityInstances().length == 0 && node.getParentActivityInstanceId() != null) {
					names.add(node.getActivityName() != null ? node.getActivityName() : node.getActivityId());
				}
				open.addAll(List.of(node.getChildActivityInstances()));
			}
		}
		names.sort(Comparator.naturalOrder());
		return names.isEmpty() ? "nothing" : String.join(", ", names);
	}
}
