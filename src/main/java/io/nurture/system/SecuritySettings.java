package io.nurture.system;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.NotNull;

/**
 * Limits on what a request to the project API or a public link may carry. The engine REST API is left to Camunda and
 * Tomcat: deployments from Modeler are larger than any request of ours.
 */
@Validated
@ConfigurationProperties("nurture.security")
record SecuritySettings(@NotNull DataSize maxRequestSize) {
}
