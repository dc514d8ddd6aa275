package io.nurture.consent;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * The consent wordings stored as proof with every consent record: {@code text} for marketing email,
 * {@code trackingText} for the tracking of opens, clicks and visits.
 */
@Validated
@ConfigurationProperties("nurture.consent")
record ConsentSettings(@NotBlank @Size(max = 500) String text, @NotBlank @Size(max = 500) String trackingText) {
}
