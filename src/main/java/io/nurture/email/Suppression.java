package io.nurture.email;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/**
 * An address that gets no more email, and the proof why: a hard bounce or a complaint, from the mailbox or the
 * webhook, or the person's erasure. An erased person's address is kept only as a hash ({@link #erasedKey}).
 */
@Table("email_suppressions")
public record Suppression(@Id String emailNormalized, Reason reason, String detail, String source, Instant createdAt) {

	public enum Reason {
		HARD_BOUNCE, COMPLAINT, ERASED
	}

	/** The key an erased person's address is suppressed under: the SHA-256 of the normalised address. */
	static String erasedKey(String address) {
		try {
			byte[] hash = MessageDigest.getInstance("SHA-256")
					.digest(Bounces.normalize(address).getBytes(StandardCharsets.UTF_8));
			return "sha256:" + HexFormat.of().formatHex(hash);
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException("Every Java runtime has SHA-256", e);
		}
	}
}
