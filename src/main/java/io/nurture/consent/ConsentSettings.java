package io.nurture.consent;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.NotBlank;

/** The consent wording stored as proof with every consent record. */
@Validated
@ConfigurationProperties("nurture.consent")
record ConsentSettings(@NotBlank String text) {
}
