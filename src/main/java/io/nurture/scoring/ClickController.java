package io.nurture.scoring;

import java.net.URI;

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

	@GetMapping("/public/click")
	ResponseEntity<String> click(@RequestParam(required = false) String token) {
		return links.verify(token, LinkPurpose.CLICK).map(link -> {
			try {
				if (consents.tracking(link.leadId()).given()) {
					retry.run(() -> scoring.record(link.leadId(),
							new NewInteraction(InteractionType.EMAIL_CLICKED, link.target(), null, null, null)));
				}
			}
			catch (RuntimeException e) {
				// The lead must reach the content even when its click cannot be counted.
				log.warn("Click of lead {} not recorded", link.leadId(), e);
			}
			return ResponseEntity.status(HttpStatus.FOUND).location(URI.create(link.target())).<String>build();
		}).orElseGet(() -> ResponseEntity.status(HttpStatus.BAD_REQUEST).contentType(MediaType.TEXT_HTML)
				.body(PublicPage.message("Link not valid", "This link is not valid.")));
	}
}
