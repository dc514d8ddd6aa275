package io.nurture.journey.simulation;

import java.time.Duration;
import java.util.List;

import io.nurture.consent.ConsentStatus;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

/**
 * A sample lead, its consent ({@code CONFIRMED} unless named), and how it reacts: each reaction comes {@code after}
 * the email or reaction before it (or the start). {@code version} picks a deployed version of the journey (latest
 * by default); {@code horizon} how far to look ahead in simulated time.
 */
record SimulationRequest(@Valid @NotNull SampleLead lead, ConsentStatus consent,
		@Size(max = 200, message = "may hold at most 200 reactions") List<@Valid @NotNull Reaction> reactions,
		@Positive Integer version, Duration horizon) {

	SimulationRequest {
		reactions = reactions == null ? List.of() : List.copyOf(reactions);
		consent = consent == null ? ConsentStatus.CONFIRMED : consent;
	}

	/** The profile fields a capture knows; only the address is required. */
	record SampleLead(@NotBlank @Email @Size(max = 254) String email, @Size(max = 100) String firstName,
			@Size(max = 100) String lastName, @Size(max = 200) String company, @PositiveOrZero Integer companySize,
			@Size(max = 200) String jobTitle, @Size(max = 100) String industry, @Size(max = 50) String phone,
			@Size(max = 2) String country, @Size(max = 5) String language) {
	}

	/**
	 * An interaction type ({@code EMAIL_CLICKED}, {@code DEMO_REQUESTED}, ...), {@code CONSENT_CONFIRMED} (the
	 * confirmation link) or {@code UNSUBSCRIBED}, with an optional page address for page visits and clicks.
	 */
	record Reaction(@NotNull Duration after, @NotBlank @Size(max = 50) String type, @Size(max = 2000) String url) {
	}
}
