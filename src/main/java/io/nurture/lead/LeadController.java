package io.nurture.lead;

import java.net.URI;
import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.nurture.consent.ConsentMethod;
import io.nurture.consent.ConsentRecord;
import io.nurture.consent.Consents;
import io.nurture.scoring.Assessment;
import io.nurture.scoring.Interaction;
import io.nurture.scoring.ScoreExplanation;
import io.nurture.scoring.Scoring;
import io.nurture.scoring.UnscoredLeadException;
import io.nurture.system.ApiCaller;
import io.nurture.system.ConflictRetry;

@RestController
@RequestMapping("/api/leads")
class LeadController {

	private final Leads leads;
	private final Scoring scoring;
	private final Consents consents;
	private final ConflictRetry retry;

	LeadController(Leads leads, Scoring scoring, Consents consents, ConflictRetry retry) {
		this.leads = leads;
		this.scoring = scoring;
		this.consents = consents;
		this.retry = retry;
	}

	/** The answer a service account gets: the lead's id, nothing about the person, not even whether it was known. */
	record CaptureAccepted(String id) {
	}

	/**
	 * 201 with the new lead, or 200 with the known lead when the address was captured before; a service account
	 * (group integration) gets 202 with the id only, so that its key cannot read profiles back by their address.
	 */
	@PostMapping
	ResponseEntity<?> capture(@Validated @RequestBody CaptureLeadRequest request) {
		// Two captures of one new address race on its unique key; the loser finds the winner's lead.
		Leads.Capture capture = retry.run(() -> leads.capture(request.toNewLead()));
		if (!ApiCaller.mayReadEveryLead()) {
			return ResponseEntity.status(HttpStatus.ACCEPTED).body(new CaptureAccepted(capture.lead().getId()));
		}
		LeadView view = view(capture.lead());
		return capture.created()
				? ResponseEntity.created(URI.create("/api/leads/" + view.id())).body(view)
				: ResponseEntity.ok(view);
	}

	@GetMapping("/{id}")
	LeadView get(@PathVariable String id) {
		return view(leads.require(id));
	}

	@GetMapping("/{id}/history")
	List<StageChange> history(@PathVariable String id) {
		return leads.history(id);
	}

	/**
	 * The consent to marketing email ({@code status}), the consent to tracking ({@code tracking}), and their proof:
	 * each request, confirmation, giving and withdrawal with category, how, where, wording and time.
	 */
	record ConsentView(String status, String tracking, List<ConsentRecord> records) {
	}

	@GetMapping("/{id}/consent")
	ConsentView consent(@PathVariable String id) {
		leads.require(id);
		return new ConsentView(consents.status(id).name(), consents.tracking(id).name(), consents.records(id));
	}

	/** A preference page or cookie banner gives or withdraws the lead's consent to tracking. */
	@PutMapping("/{id}/consent/tracking")
	ConsentView tracking(@PathVariable String id, @Validated @RequestBody TrackingConsentRequest request) {
		leads.require(id);
		ConsentMethod method = request.method() != null ? ConsentMethod.valueOf(request.method()) : ConsentMethod.API;
		// An unsubscribe at the same moment changes the same consent row: the loser tries again.
		retry.run(() -> {
			if (request.given()) {
				consents.giveTracking(id, request.source(), method);
			}
			else {
				consents.withdrawTracking(id, method);
			}
			return null;
		});
		return consent(id);
	}

	/**
	 * The lead became a customer or was disqualified: it leaves nurture at once. A move the funnel does not allow
	 * (a customer disqualified, say) is refused with 409.
	 */
	@PostMapping("/{id}/stage")
	LeadView changeStage(@PathVariable String id, @Validated @RequestBody ChangeStageRequest request) {
		return view(retry.run(() -> leads.changeStage(id, Stage.valueOf(request.stage()), request.cause().trim())));
	}

	/**
	 * 202: the interaction is stored and the lead re-scored, inside its journey when one listens.
	 * Concurrent interactions for one lead may collide in the engine; the whole step is then retried.
	 */
	@PostMapping("/{id}/interactions")
	ResponseEntity<InteractionAccepted> recordInteraction(@PathVariable String id,
			@Validated @RequestBody RecordInteractionRequest request) {
		Scoring.Recorded recorded;
		try {
			recorded = retry.run(() -> scoring.record(id, request.toNewInteraction()));
		}
		catch (UnscoredLeadException unscored) {
			leads.stage(id); // an unknown or erased lead is a 404; nothing was stored
			throw unscored;
		}
		Interaction interaction = recorded.interaction();
		return ResponseEntity.status(HttpStatus.ACCEPTED).body(new InteractionAccepted(interaction.id(), id,
				interaction.type(), interaction.occurredAt(), recorded.assessment().score(), leads.stage(id)));
	}

	/** Why the lead has its score and grade: values, MQL verdict, top contributions and the ledger. */
	@GetMapping("/{id}/score")
	ScoreExplanation score(@PathVariable String id) {
		leads.require(id);
		return scoring.explain(id);
	}

	private LeadView view(Lead lead) {
		Assessment assessment = scoring.assessment(lead.getId()).orElseThrow();
		return LeadView.of(lead, assessment.score(), assessment.grade(), consents.status(lead.getId()).name());
	}
}
