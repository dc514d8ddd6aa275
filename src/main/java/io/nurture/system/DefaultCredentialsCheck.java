package io.nurture.system;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.digest.PasswordManager;
import org.camunda.bpm.engine.impl.persistence.entity.UserEntity;
import org.camunda.bpm.engine.impl.util.EncryptionUtil;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * Outside the development profile the engine refuses to start while an engine user can sign in with a default
 * password: the demo users' (their own user id) or a well-known one such as {@code admin} or {@code demo}. The
 * stored hashes are compared directly, so the check counts as no failed login and locks nobody out.
 */
@Component
@Profile("!dev")
class DefaultCredentialsCheck implements SmartInitializingSingleton {

	static final List<String> WELL_KNOWN = List.of("demo", "admin", "password", "camunda", "changeme", "secret",
			"123456");

	private final ProcessEngine engine;

	DefaultCredentialsCheck(ProcessEngine engine) {
		this.engine = engine;
	}

	@Override
	public void afterSingletonsInstantiated() {
		verify();
	}

	/** Throws, naming every user that a default password lets in. */
	void verify() {
		PasswordManager passwords = ((ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration())
				.getPasswordManager();
		List<String> weak = new ArrayList<>();
		for (User user : engine.getIdentityService().createUserQuery().list()) {
			// Users from LDAP or another identity provider keep their passwords elsewhere.
			if (user instanceof UserEntity entity && entity.getPassword() != null
					&& candidates(user.getId()).stream()
							.anyMatch(candidate -> passwords.check(EncryptionUtil.saltPassword(candidate, entity.getSalt()), entity.getPassword()))) {
				weak.add(user.getId());
			}
		}
		if (!weak.isEmpty()) {
			throw new IllegalStateException("Refusing to start: engine user(s) " + weak
					+ " can sign in with a default password (their own user id, or one of " + WELL_KNOWN
					+ "). Give them new passwords in Camunda Admin (or camunda.bpm.admin-user.password), or delete "
					+ "the demo users; the demo users belong to the dev profile only.");
		}
	}

	private static List<String> candidates(String userId) {
		List<String> candidates = new ArrayList<>(WELL_KNOWN);
		candidates.add(userId);
		candidates.add(userId.toLowerCase(Locale.ROOT));
		return candidates;
	}
}
