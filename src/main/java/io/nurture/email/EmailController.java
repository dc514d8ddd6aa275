package io.nurture.email;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import io.nurture.lead.Leads;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** What the outbox did for a lead (each email, why it waits, every attempt), and the bounce webhook. */
@RestController
@Validated
class EmailController {

	private final Outbox outbox;
	private final Bounces bounces;
	private final Leads leads;

	EmailController(Outbox outbox, Bounces bounces, Leads leads) {
		this.outbox = outbox;
		this.bounces = bounces;
		this.leads = leads;
	}

	/** An outbox email as the API shows it: no bodies, but its state, why it waits, and each attempt. */
	record EmailView(long id, String template, EmailCategory category, String subject, OutboxMessage.Status status,
			String sendWindow, String heldReason, Instant nextAttemptAt, int attempts, String lastError,
			Instant createdAt, Instant sentAt, List<DeliveryAttempt> deliveryAttempts) {
	}

	@GetMapping("/api/leads/{id}/emails")
	List<EmailView> emails(@PathVariable String id) {
		leads.require(id);
		return outbox.of(id).stream().map(message -> new EmailView(message.id(), message.template(),
				message.category(), message.subject(), message.status(), message.sendWindow(), message.heldReason(),
				message.status() == OutboxMessage.Status.PENDING ? message.nextAttemptAt() : null, message.attempts(),
				message.lastError(), message.createdAt(), message.sentAt(), outbox.attempts(message.id()))).toList();
	}

	/** A bounce or complaint as an email service provider posts it. */
	record BounceReport(@NotBlank @Email @Size(max = 254) String email, @NotNull BounceType type,
			@Size(max = 1000) String detail) {
	}

	/** What a provider may report; erasure is no report, and only the engine suppresses an address for it. */
	enum BounceType {
		HARD_BOUNCE(Suppression.Reason.HARD_BOUNCE), COMPLAINT(Suppression.Reason.COMPLAINT);

		private final Suppression.Reason reason;

		BounceType(Suppression.Reason reason) {
			this.reason = reason;
		}
	}

	@PostMapping("/api/email/bounces")
	ResponseEntity<Map<String, Object>> bounce(@Valid @RequestBody BounceReport report) {
		boolean recorded = bounces.record(report.email(), report.type().reason, report.detail(), "WEBHOOK");
		return ResponseEntity.status(HttpStatus.ACCEPTED).body(Map.of("email", Bounces.normalize(report.email()),
				"suppressed", true, "newlySuppressed", recorded));
	}
}
