package io.nurture.sales;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.nurture.lead.IllegalStageChangeException;
import io.nurture.lead.Leads;
import io.nurture.lead.Stage;

/**
 * Posts queued opportunities to the CRM webhook: the JSON body signed with HMAC-SHA256 under the configured secret
 * ({@value #SIGNATURE_HEADER}: {@code sha256=<hex>}) and the handover id as {@value #IDEMPOTENCY_HEADER}. A 2xx answer
 * delivers it and makes the lead an Opportunity; anything else is retried with exponential backoff, capped at the
 * maximum delay, for as long as it takes: a CRM that is down never loses a handover.
 */
@Component
class CrmDelivery {

	static final String SIGNATURE_HEADER = "X-Nurture-Signature";
	static final String IDEMPOTENCY_HEADER = "Idempotency-Key";
	private static final Logger log = LoggerFactory.getLogger(CrmDelivery.class);
	private static final int BATCH = 50;

	private final CrmHandoverRepository queue;
	private final Leads leads;
	private final HandoverSettings.Crm settings;
	private final TransactionTemplate transaction;
	private final Clock clock;
	private final HttpClient http;

	CrmDelivery(CrmHandoverRepository queue, Leads leads, HandoverSettings settings, TransactionTemplate transaction,
			Clock clock) {
		this.queue = queue;
		this.leads = leads;
		this.settings = settings.crm();
		this.transaction = transaction;
		this.clock = clock;
		this.http = HttpClient.newBuilder().connectTimeout(this.settings.timeout()).build();
	}

	/** Delivers what is due now; returns how many the CRM took. Without a configured URL everything waits. */
	int deliverDue() {
		if (settings.url() == null || settings.url().isBlank()) {
			return 0;
		}
		int delivered = 0;
		for (String id : queue.findDue(clock.instant(), BATCH)) {
			if (deliver(queue.findById(id).orElseThrow())) {
				delivered++;
			}
		}
		return delivered;
	}

	private boolean deliver(CrmHandover handover) {
		String error;
		// The CRM's answer may quote the contact it was sent: it is kept with the handover, not logged.
		String logged;
		try {
			HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(settings.url()))
					.timeout(settings.timeout()).header("Content-Type", "application/json")
					.header(IDEMPOTENCY_HEADER, handover.id())
					.header(SIGNATURE_HEADER, "sha256=" + sign(handover.payload()))
					.POST(HttpRequest.BodyPublishers.ofString(handover.payload(), StandardCharsets.UTF_8)).build(),
					HttpResponse.BodyHandlers.ofString());
			if (answer.statusCode() / 100 == 2) {
				transaction.executeWithoutResult(status -> delivered(handover));
				return true;
			}
			logged = "CRM answered " + answer.statusCode();
			error = logged + ": " + answer.body();
		}
		catch (IOException e) {
			error = "CRM not reachable: " + e;
			logged = error;
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			error = "Interrupted";
			logged = error;
		}
		Duration wait = backoff(handover.attempts() + 1);
		queue.markAttemptFailed(handover.id(), clock.instant().plus(wait),
				error.length() > 1000 ? error.substring(0, 1000) : error);
		log.warn("Handover {} of lead {} to the CRM: attempt {} failed ({}); next in {}", handover.id(),
				handover.leadId(), handover.attempts() + 1, logged, wait);
		return false;
	}

	private void delivered(CrmHandover handover) {
		if (queue.markDelivered(handover.id(), clock.instant()) == 0) {
			return;
		}
		try {
			leads.changeStage(handover.leadId(), Stage.OPPORTUNITY,
					"Handed to the CRM as an opportunity (handover " + handover.id() + ")");
		}
		catch (IllegalStageChangeException e) {
			// The lead moved on meanwhile (returned, disqualified); the CRM has it, its stage stays.
			log.info("Lead {} delivered to the CRM, stage left as it is: {}", handover.leadId(), e.getMessage());
		}
	}

	Duration backoff(int attempt) {
		Duration delay = settings.firstRetryDelay().multipliedBy(1L << Math.min(attempt - 1, 20));
		return delay.compareTo(settings.maxRetryDelay()) > 0 ? settings.maxRetryDelay() : delay;
	}

	/** HMAC-SHA256 of the body under the secret, in hex: what the CRM computes to trust the request. */
	String sign(String body) {
		if (settings.secret() == null || settings.secret().isBlank()) {
			throw new IllegalStateException("nurture.handover.crm.secret is required when nurture.handover.crm.url is set");
		}
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(settings.secret().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException | InvalidKeyException e) {
			throw new IllegalStateException(e);
		}
	}
}
