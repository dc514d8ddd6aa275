package io.nurture.links;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.stereotype.Component;

/**
 * Builds and verifies the links a lead clicks in an email. Each carries a token that names its purpose,
 * the lead and an expiry, signed with HMAC-SHA256 under the server secret, so it can be neither guessed nor altered.
 */
@Component
public class PublicLinks {

	private static final Duration NO_EXPIRY = Duration.ofDays(3650);
	private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
	private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

	private final LinkSettings settings;
	private final Clock clock;

	PublicLinks(LinkSettings settings, Clock clock) {
		this.settings = settings;
		this.clock = clock;
	}

	public String confirmation(String leadId) {
		return url("/public/confirm", token(LinkPurpose.CONFIRM, leadId, "", settings.confirmationValidity()));
	}

	/** Unsubscribe links never expire: an old email must still let the lead leave. */
	public String unsubscribe(String leadId) {
		return url("/public/unsubscribe", token(LinkPurpose.UNSUBSCRIBE, leadId, "", NO_EXPIRY));
	}

	/** A click-tracked link that redirects only to the address signed into it. */
	public String click(String leadId, String target) {
		return url("/public/click", token(LinkPurpose.CLICK, leadId, target, NO_EXPIRY));
	}

	/** The open-tracking pixel of one email, named by its key, so that each email's first open counts once. */
	public String open(String leadId, String emailKey) {
		return url("/public/open", token(LinkPurpose.OPEN, leadId, emailKey, NO_EXPIRY));
	}

	/** The token's content if it is intact, unexpired and made for this purpose; empty otherwise. */
	public Optional<LinkToken> verify(String token, LinkPurpose purpose) {
		if (token == null || token.length() > 4096) {
			return Optional.empty();
		}
		int dot = token.indexOf('.');
		if (dot < 1) {
			return Optional.empty();
		}
		try {
			byte[] payload = DECODER.decode(token.substring(0, dot));
			byte[] signature = DECODER.decode(token.substring(dot + 1));
			if (!MessageDigest.isEqual(sign(payload), signature)) {
				return Optional.empty();
			}
			String[] parts = new String(payload, StandardCharsets.UTF_8).split("\\|", 4);
			if (parts.length != 4 || !parts[0].equals(purpose.name())
					|| Long.parseLong(parts[2]) < clock.instant().getEpochSecond()) {
				return Optional.empty();
			}
			return Optional.of(new LinkToken(purpose, parts[1], parts[3]));
		}
		catch (IllegalArgumentException malformed) {
			return Optional.empty();
		}
	}

	/** A short, stable name for a token (its signature), to count one link once without storing the token. */
	public static String fingerprint(String token) {
		return token.substring(token.indexOf('.') + 1, Math.min(token.length(), token.indexOf('.') + 1 + 43));
	}

	private String token(LinkPurpose purpose, String leadId, String target, Duration validity) {
		long expires = clock.instant().plus(validity).getEpochSecond();
		byte[] payload = (purpose.name() + "|" + leadId + "|" + expires + "|" + target).getBytes(StandardCharsets.UTF_8);
		return ENCODER.encodeToString(payload) + "." + ENCODER.encodeToString(sign(payload));
	}

	private byte[] sign(byte[] payload) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(settings.secret().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			return mac.doFinal(payload);
		}
		catch (GeneralSecurityException e) {
			throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
		}
	}

	private String url(String path, String token) {
		return settings.baseUrl() + path + "?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
	}
}
