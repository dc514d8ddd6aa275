package io.nurture.scoring;

import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

/** Points per interaction type and the MQL threshold, as marketing and sales agreed them. */
@Validated
@ConfigurationProperties("nurture.scoring")
record ScoringSettings(@Positive int mqlThreshold, @NotNull Map<InteractionType, Integer> points) {

	int pointsFor(InteractionType type) {
		return points.getOrDefault(type, 0);
	}
}
