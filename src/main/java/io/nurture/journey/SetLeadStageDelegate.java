package io.nurture.journey;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import io.nurture.lead.Leads;
import io.nurture.lead.Stage;

/** "Set lead stage": moves the lead to the step's {@code stage} input, with its {@code cause} in the history. */
@Component("setLeadStage")
class SetLeadStageDelegate implements JavaDelegate {

	private final Leads leads;

	SetLeadStageDelegate(Leads leads) {
		this.leads = leads;
	}

	@Override
	public void execute(DelegateExecution execution) {
		String stage = (String) execution.getVariableLocal("stage");
		String cause = (String) execution.getVariableLocal("cause");
		if (stage == null) {
			throw new IllegalStateException("Step '" + execution.getCurrentActivityName() + "' needs the input 'stage'");
		}
		leads.changeStage((String) execution.getVariable(LeadJourney.LEAD_ID), Stage.valueOf(stage),
				cause != null ? cause : execution.getCurrentActivityName());
	}
}
