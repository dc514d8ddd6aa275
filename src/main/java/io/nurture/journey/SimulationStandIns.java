package io.nurture.journey;

import java.util.Map;

import io.nurture.lead.Lead;

/**
 * What a module's journey beans do in a simulation (POST /api/journeys/{key}/simulations): a Spring bean of any
 * feature implements it for the beans its BPMN steps name. A stand-in sets the process variables the real bean
 * sets, so that the steps after it (a gateway, a candidate group expression, a timer) work, computed for the sample
 * lead from the simulation engine's own deployment of the real DMN; it sends nothing and writes nothing. A bean
 * without a stand-in is only recorded as an action.
 */
public interface SimulationStandIns {

	/**
	 * By bean name: a {@code JavaDelegate}, an execution or task listener, or an object expressions call, such as
	 * {@code ${handoverTimers.reminderDue()}}.
	 */
	Map<String, Object> standIns(Lead sample);
}
