package io.nurture.scoring;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.springframework.stereotype.Component;

import io.nurture.scoring.ScoringRules.Qualification;

/**
 * Scores a sample lead with the deployed DMN models and stores nothing: fit from the profile, engagement from the
 * interactions so far, faded by the half-life as the decay job would. Journey simulations ask it what the real
 * scoring would say.
 */
@Component
public class ScoringPreview {

	private final ScoringRules rules;
	private final ScoringSettings settings;

	ScoringPreview(ScoringRules rules, ScoringSettings settings) {
		this.rules = rules;
		this.settings = settings;
	}

	/** An interaction of a sample lead and when it happened. */
	public record SampleInteraction(InteractionType type, String url, Instant occurredAt) {
	}

	public String defaultModel() {
		return settings.defaultModel();
	}

	/** Where the sample lead stands at {@code now} under {@code model}. */
	public Assessment assess(String model, ScoringProfile profile, List<SampleInteraction> interactions, Instant now) {
		int fit = rules.fit(model, profile).stream().mapToInt(ScoringRules.MatchedRule::points).sum();
		double engagement = 0;
		for (SampleInteraction interaction : interactions) {
			int points = rules.engagement(model, interaction.type(), interaction.url()).points();
			engagement += points * fading(Duration.between(interaction.occurredAt(), now));
		}
		int engagementScore = (int) Math.round(engagement);
		Qualification qualification = rules.qualify(model, fit, engagementScore, profile.reachable());
		return new Assessment(null, model, fit + engagementScore, fit, engagementScore, qualification.grade(),
				qualification.mql());
	}

	private double fading(Duration age) {
		if (!settings.decay().enabled() || age.isNegative()) {
			return 1;
		}
		return Math.pow(0.5, (double) age.toMillis() / settings.decay().halfLife().toMillis());
	}
}
