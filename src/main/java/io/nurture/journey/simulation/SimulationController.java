package io.nurture.journey.simulation;

import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** How a journey would treat a sample lead: emails, branches, the MQL moment; nothing is sent or stored. */
@RestController
class SimulationController {

	private final JourneySimulator simulator;

	SimulationController(JourneySimulator simulator) {
		this.simulator = simulator;
	}

	@PostMapping("/api/journeys/{key}/simulations")
	SimulationReport simulate(@PathVariable String key, @Validated @RequestBody SimulationRequest request) {
		return simulator.simulate(key, request);
	}
}
