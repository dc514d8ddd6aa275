package io.nurture.system;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.Group;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.stereotype.Component;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * Checks API credentials against the engine's users, the same ones that log in to Cockpit and Tasklist.
 * <p>
 * HTTP Basic sends the password with every request, and checking it against the engine costs three transactions
 * (user, password, groups): a third of the database work of a recorded interaction. A successful check is therefore
 * remembered for {@link #REMEMBERED} under a salted hash of the credentials, never the password itself; a changed
 * password, a removed user or a new group takes effect within that time. Failed checks are never remembered, so
 * Camunda's lock-out after failed attempts still counts each one.
 */
@Component
class CamundaUserAuthentication implements AuthenticationProvider {

	static final Duration REMEMBERED = Duration.ofSeconds(30);

	private final IdentityService identity;
	private final byte[] salt = new byte[32];
	private final Cache<String, Authentication> checked = Caffeine.newBuilder().expireAfterWrite(REMEMBERED)
			.maximumSize(10_000).build();

	CamundaUserAuthentication(IdentityService identity) {
		this.identity = identity;
		new SecureRandom().nextBytes(salt);
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		String user = authentication.getName();
		Object password = authentication.getCredentials();
		if (user == null || !(password instanceof String secret)) {
			throw new BadCredentialsException("Unknown user or wrong password");
		}
		String key = fingerprint(user, secret);
		Authentication known = checked.getIfPresent(key);
		if (known != null) {
			return known;
		}
		if (!identity.checkPassword(user, secret)) {
			throw new BadCredentialsException("Unknown user or wrong password");
		}
		List<SimpleGrantedAuthority> groups = identity.createGroupQuery().groupMember(user).list().stream()
				.map(Group::getId).map(id -> new SimpleGrantedAuthority("GROUP_" + id)).toList();
		Authentication verified = UsernamePasswordAuthenticationToken.authenticated(user, null, groups);
		checked.put(key, verified);
		return verified;
	}

	private String fingerprint(String user, String password) {
		try {
			MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
			sha256.update(salt);
			sha256.update(user.getBytes(StandardCharsets.UTF_8));
			sha256.update((byte) 0);
			sha256.update(password.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(sha256.digest());
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
	}
}
