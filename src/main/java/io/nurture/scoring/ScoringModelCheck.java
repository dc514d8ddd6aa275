package io.nurture.scoring;

import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.ContextRefreshedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Checks the deployed scoring models when the engine starts, before any lead is scored: the default model must
 * exist, and every model must be complete and score a sample lead. A broken model stops the start with a message
 * naming it; Camunda itself refuses a DMN file that does not parse.
 */
@Component
class ScoringModelCheck {

	private static final Logger log = LoggerFactory.getLogger(ScoringModelCheck.class);

	private final ScoringRules rules;
	private final ScoringSettings settings;

	ScoringModelCheck(ScoringRules rules, ScoringSettings settings) {
		this.rules = rules;
		this.settings = settings;
	}

	@EventListener(ContextRefreshedEvent.class)
	void verifyModels() {
		Set<String> models = rules.models();
		if (!models.contains(settings.defaultModel())) {
			throw new ScoringModelException("The default scoring model '" + settings.defaultModel()
					+ "' (nurture.scoring.default-model) is not deployed; deployed models: " + models);
		}
		models.forEach(rules::verify);
		log.info("Scoring models ready: {}", models);
	}
}
