package io.nurture.scoring;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.nurture.consent.Consents;
import io.nurture.links.LinkPurpose;
import io.nurture.links.PublicLinks;
import io.nurture.links.PublicPage;
import io.nurture.system.ConflictRetry;

/**
 * Click-tracked links: redirect to the address signed into the link, always; record the click as the lead's
 * EMAIL_CLICKED interaction only when it consented to tracking. Without that consent the click is not counted,
 * so it neither scores nor takes a track's "clicked" branch.
 */
@RestController
class ClickController {

	private static final Logger log = LoggerFactory.getLogger(ClickController.class);

	private final PublicLinks links;
	private final Scoring scoring;
	private final Consents consents;
	private final ConflictRetry retry;

	ClickController(PublicLinks links, Scoring scoring, Consents consents, ConflictRetry retry) {
		this.links = links;
		this.scoring = scoring;
		this.consents = consents;
		this.retry = retry;
	}

	/**
	 * Redirects only to the address signed into the link, and only to a web address. A link counts once: clicking it
	 * again (or replaying it) still leads to the content but scores nothing more.
	 */
	@GetMapping("/public/click")
	ResponseEntity<String> click(@RequestParam(required = false) String token) {
		return links.verify(token, LinkPurpose.CLICK).flatMap(link -> webAddress(link.target()).map(target -> {
			try {
				if (consents.tracking(link.leadId()).given()) {
					retry.run(() -> scoring.record(link.leadId(), new NewInteraction(InteractionType.EMAIL_CLICKED,
							link.target(), null, "click:" + PublicLinks.fingerprint(token), null)));
				}
			}
			catch (RuntimeException e) {
				// The lead must reach the content even when its click cannot be counted (an erased lead, say).
				log.warn("Click of lead {} not recorded", link.leadId(), e);
			}
			return ResponseEntity.status(HttpStatus.FOUND).location(target).<String>build();
		})).orElseGet(() -> ResponseEntity.status(HttpStatus.BAD_REQUEST).contentType(MediaType.TEXT_HTML)
				.body(PublicPage.message("Link not valid", "This link is not valid.")));
	}

	private static Optional<URI> webAddress(String target) {
		try {
			URI uri = new URI(target);
			return ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
					&& uri.getHost() != null ? Optional.of(uri) : Optional.empty();
		}
		catch (URISyntaxException e) {
			return Optional.empty();
		}
	}
}
