package io.nurture.journey;

import java.util.List;

import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The journeys for marketers: which are deployed, where their leads are, moving leads to a new version. */
@RestController
@RequestMapping("/api/journeys")
class JourneyController {

	private final JourneyOverview overview;
	private final JourneyMigrations migrations;

	JourneyController(JourneyOverview overview, JourneyMigrations migrations) {
		this.overview = overview;
		this.migrations = migrations;
	}

	@GetMapping
	List<JourneyOverview.Journey> journeys() {
		return overview.journeys();
	}

	@GetMapping("/{key}")
	JourneyOverview.Journey journey(@PathVariable String key) {
		return overview.journey(key);
	}

	/** A dry run unless the request says {@code "dryRun": false}. */
	@PostMapping("/{key}/migrations")
	MigrationReport migrate(@PathVariable String key, @Validated @RequestBody MigrationRequest request) {
		return migrations.migrate(key, request);
	}
}
