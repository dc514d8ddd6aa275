package io.nurture.journey.simulation;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.delegate.TaskListener;

import io.nurture.email.EmailCategory;
import io.nurture.email.Outbox;
import io.nurture.email.RenderedEmail;
import io.nurture.journey.LeadJourney;
import io.nurture.journey.SimulationStandIns;
import io.nurture.lead.Stage;
import io.nurture.scoring.Assessment;
import io.nurture.scoring.ScoringPreview;
import io.nurture.scoring.ScoringPreview.SampleInteraction;

/**
 * The beans a simulated journey calls, in place of the real ones: they render, score and decide with the real
 * templates and DMN models against the sample lead, and record instead of writing. A bean the simulation does not
 * know (one a later journey adds) is recorded as an action and otherwise does nothing.
 */
final class SimulationDelegates {

	private static final int FIRST_LINES = 4;

	private SimulationDelegates() {
	}

	/**
	 * The beans for every name in {@code used}: the imitations where there is one, the modules' stand-ins next, a
	 * recorder otherwise.
	 */
	static Map<Object, Object> beans(Set<String> used, Simulation simulation, Outbox outbox, ScoringPreview scoring,
			List<SimulationStandIns> standIns) {
		Map<Object, Object> beans = new HashMap<>();
		used.forEach(name -> beans.put(name, new Recorded(name, simulation)));
		standIns.forEach(module -> beans.putAll(module.standIns(simulation.lead)));
		beans.put("sendEmail", new SendEmail(simulation, outbox));
		beans.put("rescoreLead", new RescoreLead(simulation, scoring));
		beans.put("checkConsent", new CheckConsent(simulation));
		beans.put("setLeadStage", new SetLeadStage(simulation));
		beans.put("leadConditions", new SampleConditions(simulation, scoring));
		return beans;
	}

	/** Renders the email against the sample lead, as the outbox would, when its consent allows. */
	private record SendEmail(Simulation simulation, Outbox outbox) implements JavaDelegate {

		@Override
		public void execute(DelegateExecution execution) {
			String template = required(execution, "template");
			String category = required(execution, "category");
			Optional<RenderedEmail> email = outbox.preview(simulation.lead, simulation.consent, template,
					EmailCategory.valueOf(category), (String) execution.getVariableLocal("subject"));
			simulation.emailed(execution.getCurrentActivityName(), template, category,
					email.map(RenderedEmail::subject).orElse(null), email.map(SendEmail::firstLines).orElse(List.of()),
					email.isPresent() ? null : "consent is " + simulation.consent);
		}

		private static String required(DelegateExecution execution, String input) {
			if (execution.getVariableLocal(input) instanceof String value) {
				return value;
			}
			throw new IllegalStateException("Step '" + execution.getCurrentActivityName() + "' needs the input '" + input + "'");
		}

		private static List<String> firstLines(RenderedEmail email) {
			return email.text().lines().map(String::strip).filter(line -> !line.isEmpty()).limit(FIRST_LINES).toList();
		}
	}

	/** Scores the sample with the real DMN model the step names, counting the interaction that arrived. */
	private record RescoreLead(Simulation simulation, ScoringPreview scoring) implements JavaDelegate {

		@Override
		public void execute(DelegateExecution execution) {
			String model = (String) execution.getVariableLocal(LeadJourney.SCORING_MODEL);
			if (model != null) {
				simulation.scoringModel = model;
			}
			if (execution.getVariable(LeadJourney.INTERACTION_ID) instanceof Number id
					&& !simulation.scored.contains(id.intValue())) {
				simulation.scored.add(id.intValue());
			}
			Assessment assessment = score(simulation, scoring);
			simulation.scored(execution.getCurrentActivityName(), assessment.score(), assessment.fitScore(),
					assessment.engagementScore(), assessment.grade(), assessment.mql());
			execution.setVariableLocal(LeadJourney.SALES_READY, assessment.mql());
		}
	}

	/** The sample's score now: its profile and the interactions scored so far. */
	static Assessment score(Simulation simulation, ScoringPreview scoring) {
		List<SampleInteraction> counted = simulation.scored.stream().map(simulation.interactions::get).toList();
		return scoring.assess(simulation.scoringModel, simulation.lead.scoringProfile(), counted, simulation.now());
	}

	/** The sample's consent, as the journey branches on it. */
	private record CheckConsent(Simulation simulation) implements JavaDelegate {

		@Override
		public void execute(DelegateExecution execution) {
			String state = switch (simulation.consent) {
				case CONFIRMED -> "CONFIRMED";
				case REQUESTED -> "REQUESTED";
				case NONE, WITHDRAWN -> "NONE";
			};
			execution.setVariable(LeadJourney.CONSENT_STATE, state);
		}
	}

	private record SetLeadStage(Simulation simulation) implements JavaDelegate {

		@Override
		public void execute(DelegateExecution execution) {
			String stage = (String) execution.getVariableLocal("stage");
			String cause = (String) execution.getVariableLocal("cause");
			simulation.staged(stage, cause != null ? cause : execution.getCurrentActivityName());
		}
	}

	/**
	 * What gateways ask about the lead ({@code LeadConditions}), answered for the sample at the simulated time. Public:
	 * the expression language calls its methods by reflection.
	 */
	public record SampleConditions(Simulation simulation, ScoringPreview scoring) {

		public boolean engagedAtLeast(String leadId, int points) {
			return score(simulation, scoring).engagementScore() >= points;
		}

		public boolean leftTheFunnel(String leadId) {
			return simulation.stages.stream().reduce((first, second) -> second)
					.map(change -> Stage.valueOf(change.stage()).leavesNurture())
					.orElse(simulation.lead.getStage().leavesNurture());
		}
	}

	/** Any other bean: as a service task, an execution listener or a task listener, it records that it would run. */
	private record Recorded(String bean, Simulation simulation) implements JavaDelegate, ExecutionListener, TaskListener {

		@Override
		public void execute(DelegateExecution execution) {
			simulation.recorded(bean, execution.getCurrentActivityName());
		}

		@Override
		public void notify(DelegateExecution execution) {
			simulation.recorded(bean, execution.getCurrentActivityName());
		}

		@Override
		public void notify(DelegateTask task) {
			simulation.recorded(bean, task.getName());
		}
	}
}
