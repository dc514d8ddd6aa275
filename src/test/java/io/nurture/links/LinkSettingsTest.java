package io.nurture.links;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.validation.ValidationAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** Outside the development profile nobody has configured a secret for us: the engine must refuse to start. */
class LinkSettingsTest {

	@Configuration
	@EnableConfigurationProperties(LinkSettings.class)
	static class Links {
	}

	private final ApplicationContextRunner context = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class)).withUserConfiguration(Links.class)
			.withPropertyValues("nurture.links.base-url=https://mail.example", "nurture.links.confirmation-validity=P7D");

	@Test
	void refusesToStartWithoutASecretAndSaysWhy() {
		context.run(started -> assertThat(started).hasFailed().getFailure().rootCause()
				.hasMessageContaining("NURTURE_LINKS_SECRET"));
	}

	@Test
	void refusesAShortSecret() {
		context.withPropertyValues("nurture.links.secret=short").run(started -> assertThat(started).hasFailed()
				.getFailure().rootCause().hasMessageContaining("at least 32 characters"));
	}

	@Test
	void startsWithALongSecret() {
		context.withPropertyValues("nurture.links.secret=a-secret-that-is-at-least-32-chars")
				.run(started -> assertThat(started).hasNotFailed());
	}
}
