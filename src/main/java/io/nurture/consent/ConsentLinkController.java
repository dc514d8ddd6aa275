package io.nurture.consent;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.nurture.links.LinkPurpose;
import io.nurture.links.PublicLinks;
import io.nurture.links.PublicPage;

/**
 * The confirmation and unsubscribe links from the emails. Opening a link shows a button; the button acts.
 * Unsubscribing also accepts a direct POST, as mail clients send for one-click unsubscribe (RFC 8058).
 */
@RestController
@RequestMapping(path = "/public", produces = MediaType.TEXT_HTML_VALUE)
class ConsentLinkController {

	private static final String INVALID = "This link is not valid or has expired.";

	private final PublicLinks links;
	private final Consents consents;

	ConsentLinkController(PublicLinks links, Consents consents) {
		this.links = links;
		this.consents = consents;
	}

	@GetMapping("/confirm")
	ResponseEntity<String> confirmPage(@RequestParam(required = false) String token) {
		if (links.verify(token, LinkPurpose.CONFIRM).isEmpty()) {
			return invalid();
		}
		return ResponseEntity.ok(PublicPage.action("Confirm your subscription",
				"One more click and you will receive our emails. You can unsubscribe at any time.", "/public/confirm",
				token, "Yes, confirm my subscription"));
	}

	@PostMapping("/confirm")
	ResponseEntity<String> confirm(@RequestParam(required = false) String token) {
		return links.verify(token, LinkPurpose.CONFIRM).map(link -> {
			consents.confirm(link.leadId(), ConsentMethod.CONFIRMATION_LINK);
			return ResponseEntity.ok(PublicPage.message("Subscription confirmed", "Thank you, your subscription is confirmed."));
		}).orElseGet(ConsentLinkController::invalid);
	}

	@GetMapping("/unsubscribe")
	ResponseEntity<String> unsubscribePage(@RequestParam(required = false) String token) {
		if (links.verify(token, LinkPurpose.UNSUBSCRIBE).isEmpty()) {
			return invalid();
		}
		return ResponseEntity.ok(PublicPage.action("Unsubscribe",
				"Click below and you will receive no further marketing emails from us.", "/public/unsubscribe", token,
				"Unsubscribe me"));
	}

	/** The button on the page, or a mail client's one-click POST with {@code List-Unsubscribe=One-Click} (RFC 8058). */
	@PostMapping("/unsubscribe")
	ResponseEntity<String> unsubscribe(@RequestParam(required = false) String token,
			@RequestParam(name = "List-Unsubscribe", required = false) String oneClick) {
		return links.verify(token, LinkPurpose.UNSUBSCRIBE).map(link -> {
			consents.withdraw(link.leadId(),
					"One-Click".equals(oneClick) ? ConsentMethod.ONE_CLICK : ConsentMethod.UNSUBSCRIBE_LINK);
			return ResponseEntity.ok(PublicPage.message("You are unsubscribed", "You will receive no further marketing emails from us."));
		}).orElseGet(ConsentLinkController::invalid);
	}

	private static ResponseEntity<String> invalid() {
		return ResponseEntity.status(HttpStatus.BAD_REQUEST).body(PublicPage.message("Link not valid", INVALID));
	}
}
