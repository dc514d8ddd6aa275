package io.nurture;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

/** Each feature package is a module; they may use each other's public types, never internals, and form no cycle. */
class ArchitectureTest {

	@Test
	void featuresDependOnEachOtherOnlyThroughTheirPublicTypesAndWithoutCycles() {
		ApplicationModules.of(NurtureApplication.class).verify();
	}
}
