package io.nurture.links;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

/** The tokens in public links: they say what they were made for, and nothing else passes. */
class PublicLinksTest {

	private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
	private static final LinkSettings SETTINGS = new LinkSettings("https://mail.example", "a-secret-that-is-at-least-32-chars",
			Duration.ofDays(7));

	private final PublicLinks links = new PublicLinks(SETTINGS, Clock.fixed(NOW, ZoneOffset.UTC));

	@Test
	void aLinkCarriesItsLeadAndTarget() {
		String url = links.click("lead-1", "https://northwind.example/guide?x=1&y=2");

		assertThat(url).startsWith("https://mail.example/public/click?token=");
		assertThat(links.verify(token(url), LinkPurpose.CLICK)).hasValueSatisfying(link -> {
			assertThat(link.leadId()).isEqualTo("lead-1");
			assertThat(link.target()).isEqualTo("https://northwind.example/guide?x=1&y=2");
		});
	}

	@Test
	void aTokenIsGoodForItsOwnPurposeOnly() {
		String token = token(links.confirmation("lead-1"));

		assertThat(links.verify(token, LinkPurpose.CONFIRM)).isPresent();
		assertThat(links.verify(token, LinkPurpose.UNSUBSCRIBE)).isEmpty();
	}

	@Test
	void anAlteredTokenIsRefused() {
		String token = token(links.unsubscribe("lead-1"));
		String otherLead = token(links.unsubscribe("lead-2"));
		String forged = otherLead.substring(0, otherLead.indexOf('.')) + token.substring(token.indexOf('.'));

		assertThat(links.verify(forged, LinkPurpose.UNSUBSCRIBE)).isEmpty();
		assertThat(links.verify(token + "x", LinkPurpose.UNSUBSCRIBE)).isEmpty();
		assertThat(links.verify("garbage", LinkPurpose.UNSUBSCRIBE)).isEmpty();
		assertThat(links.verify(null, LinkPurpose.UNSUBSCRIBE)).isEmpty();
	}

	@Test
	void aTokenSignedWithAnotherSecretIsRefused() {
		PublicLinks elsewhere = new PublicLinks(new LinkSettings("https://mail.example",
				"another-secret-that-is-32-chars-long", Duration.ofDays(7)), Clock.fixed(NOW, ZoneOffset.UTC));

		assertThat(links.verify(token(elsewhere.unsubscribe("lead-1")), LinkPurpose.UNSUBSCRIBE)).isEmpty();
	}

	@Test
	void aConfirmationLinkExpires() {
		String token = token(links.confirmation("lead-1"));
		PublicLinks eightDaysLater = new PublicLinks(SETTINGS, Clock.fixed(NOW.plus(Duration.ofDays(8)), ZoneOffset.UTC));

		assertThat(eightDaysLater.verify(token, LinkPurpose.CONFIRM)).isEmpty();
		assertThat(eightDaysLater.verify(token(links.unsubscribe("lead-1")), LinkPurpose.UNSUBSCRIBE))
				.as("unsubscribe links keep working").isPresent();
	}

	private static String token(String url) {
		return URLDecoder.decode(URI.create(url).getRawQuery().substring("token=".length()), StandardCharsets.UTF_8);
	}
}
