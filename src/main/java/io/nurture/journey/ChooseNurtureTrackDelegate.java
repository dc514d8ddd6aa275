package io.nurture.journey;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.camunda.bpm.engine.DecisionService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.dmn.engine.DmnDecisionRuleResult;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.variable.Variables;
import org.springframework.stereotype.Component;

import io.nurture.lead.Lead;
import io.nurture.lead.LeadSource;
import io.nurture.lead.Leads;

/**
 * "Choose nurture track": asks the track decision (input {@code decision}, processes/nurture-track.dmn) which
 * track suits the lead's profile, and sets {@code nurtureTrack} to that track's process key. The profile goes
 * into the decision only, never into the journey's variables.
 */
@Component("chooseNurtureTrack")
class ChooseNurtureTrackDelegate implements JavaDelegate, SimulationStandIns {

	static final String DECISION = "decision";
	static final String TRACK_OUTPUT = "track";

	private final Leads leads;
	private final DecisionService decisions;
	private final RepositoryService repository;

	ChooseNurtureTrackDelegate(Leads leads, DecisionService decisions, RepositoryService repository) {
		this.leads = leads;
		this.decisions = decisions;
		this.repository = repository;
	}

	@Override
	public void execute(DelegateExecution execution) {
		choose(execution, leads.require((String) execution.getVariable(LeadJourney.LEAD_ID)), decisions, repository);
	}

	/** In a simulation: the same decision, for the sample lead, in the simulation engine's deployment. */
	@Override
	public Map<String, Object> standIns(Lead sample) {
		return Map.of("chooseNurtureTrack", (JavaDelegate) execution -> choose(execution, sample,
				execution.getProcessEngineServices().getDecisionService(),
				execution.getProcessEngineServices().getRepositoryService()));
	}

	private static void choose(DelegateExecution execution, Lead lead, DecisionService decisions,
			RepositoryService repository) {
		String decision = (String) execution.getVariableLocal(DECISION);
		if (decision == null) {
			throw new IllegalStateException("Step '" + execution.getCurrentActivityName() + "' needs the input '"
					+ DECISION + "'");
		}
		boolean returned = Boolean.TRUE.equals(execution.getVariable(LeadJourney.RETURNED_BY_SALES));
		DmnDecisionRuleResult chosen = decisions
				.evaluateDecisionTableByKey(decision, Variables.fromMap(profile(lead, returned))).getSingleResult();
		if (chosen == null) {
			throw new IllegalStateException("Decision '" + decision + "' has no rule for lead " + lead.getId()
					+ "; give it a last rule with '-' in every column");
		}
		String track = chosen.getEntry(TRACK_OUTPUT);
		if (track == null || repository.createProcessDefinitionQuery().processDefinitionKey(track).count() == 0) {
			throw new IllegalStateException("Decision '" + decision + "' chose the nurture track '" + track
					+ "', but no process with that key is deployed");
		}
		execution.setVariable(LeadJourney.NURTURE_TRACK, track);
	}

	/**
	 * What the decision reads: role and industry in lower case, missing fields as empty text, so that a rule's "-"
	 * matches them and other entries do not.
	 */
	private static Map<String, Object> profile(Lead lead, boolean returned) {
		List<LeadSource> sources = lead.getSources();
		return Map.of("industry", text(lead.getIndustry()).toLowerCase(Locale.ROOT),
				"role", text(lead.getJobTitle()).toLowerCase(Locale.ROOT),
				"language", text(lead.getLanguage()),
				"source", sources.isEmpty() ? "" : sources.get(sources.size() - 1).source(),
				"returnedBySales", returned);
	}

	private static String text(String value) {
		return value == null ? "" : value;
	}
}
