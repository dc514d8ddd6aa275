package io.nurture.email;

import java.util.Base64;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.nurture.consent.Consents;
import io.nurture.links.LinkPurpose;
import io.nurture.links.PublicLinks;
import io.nurture.scoring.InteractionType;
import io.nurture.scoring.NewInteraction;
import io.nurture.scoring.Scoring;
import io.nurture.system.ConflictRetry;

/**
 * The open pixel in marketing emails: the first load per email becomes the lead's EMAIL_OPENED interaction, when the
 * lead consented to tracking; without that consent the open is not recorded. Any token, valid or not, consented or
 * not, gets the same transparent image, so the pixel reveals nothing and never shows an error.
 */
@RestController
class OpenPixelController {

	private static final Logger log = LoggerFactory.getLogger(OpenPixelController.class);
	private static final byte[] PIXEL = Base64.getDecoder()
			.decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7");

	private final PublicLinks links;
	private final Scoring scoring;
	private final Consents consents;
	private final ConflictRetry retry;

	OpenPixelController(PublicLinks links, Scoring scoring, Consents consents, ConflictRetry retry) {
		this.links = links;
		this.scoring = scoring;
		this.consents = consents;
		this.retry = retry;
	}

	@GetMapping("/public/open")
	ResponseEntity<byte[]> open(@RequestParam(required = false) String token) {
		links.verify(token, LinkPurpose.OPEN).filter(link -> consents.tracking(link.leadId()).given()).ifPresent(link -> {
			try {
				// One open per email: mail clients load images again each time the email is shown.
				retry.run(() -> scoring.record(link.leadId(),
						new NewInteraction(InteractionType.EMAIL_OPENED, null, null, "open:" + link.target(), null)));
			}
			catch (RuntimeException e) {
				log.warn("Open of lead {} not recorded", link.leadId(), e);
			}
		});
		return ResponseEntity.ok().contentType(MediaType.IMAGE_GIF).cacheControl(CacheControl.noStore()).body(PIXEL);
	}
}
