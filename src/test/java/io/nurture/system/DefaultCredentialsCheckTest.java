package io.nurture.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.core.NestedExceptionUtils;

import io.nurture.NurtureApplication;
import io.nurture.NurtureTest;

/** Outside the dev profile no engine user may keep a default password: the engine says so and does not start. */
class DefaultCredentialsCheckTest extends NurtureTest {

	@Autowired
	DefaultCredentialsCheck check;

	@Test
	void anAdministratorWithADefaultPasswordStopsTheEngineFromStarting() {
		SpringApplicationBuilder application = new SpringApplicationBuilder(NurtureApplication.class).profiles("test");

		assertThatThrownBy(() -> application.run("--server.port=0", "--spring.main.banner-mode=off",
				"--spring.datasource.url=jdbc:h2:mem:default-credentials;DB_CLOSE_DELAY=-1",
				"--spring.datasource.username=sa", "--spring.datasource.password=", "--spring.mail.host=127.0.0.1",
				// Quartz and Camunda keep schedulers, connection providers and engines in JVM-wide registries by name:
				// the second application must not take over, or close, the names of the one all other tests share.
				"--spring.quartz.properties.org.quartz.scheduler.instanceName=credentialscheck",
				"--camunda.bpm.process-engine-name=credentialscheck",
				"--camunda.bpm.admin-user.id=admin", "--camunda.bpm.admin-user.password=admin").close())
				.satisfies(failure -> assertThat(NestedExceptionUtils.getMostSpecificCause(failure))
						.hasMessageContaining("Refusing to start").hasMessageContaining("[admin]")
						.hasMessageContaining("default password"));
	}

	@Test
	void aDemoUserWhosePasswordIsItsNameIsNamed() {
		IdentityService identity = engine.getIdentityService();
		User demo = identity.newUser("SamDemo");
		demo.setPassword("samdemo");
		identity.saveUser(demo);
		try {
			assertThatThrownBy(check::verify).hasMessageContaining("[SamDemo]");
		}
		finally {
			identity.deleteUser("SamDemo");
		}
		check.verify();
	}
}
