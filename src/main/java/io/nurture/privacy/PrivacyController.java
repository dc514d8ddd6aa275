package io.nurture.privacy;

import java.time.Clock;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import io.nurture.consent.Consents;
import io.nurture.email.Outbox;
import io.nurture.lead.Lead;
import io.nurture.lead.Leads;
import io.nurture.sales.SalesRecords;
import io.nurture.scoring.Scoring;

/**
 * What the engine owes the people in it: {@code GET /api/leads/{id}/export}, everything held about a lead as one
 * JSON document to hand to the person, and {@code DELETE /api/leads/{id}}, its erasure.
 */
@RestController
class PrivacyController {

	private final Leads leads;
	private final Consents consents;
	private final Scoring scoring;
	private final Outbox outbox;
	private final SalesRecords sales;
	private final Erasure erasure;
	private final Clock clock;

	PrivacyController(Leads leads, Consents consents, Scoring scoring, Outbox outbox, SalesRecords sales,
			Erasure erasure, Clock clock) {
		this.erasure = erasure;
		this.leads = leads;
		this.consents = consents;
		this.scoring = scoring;
		this.outbox = outbox;
		this.sales = sales;
		this.clock = clock;
	}

	/** Read in one transaction, so the parts agree with each other. */
	@GetMapping("/api/leads/{id}/export")
	@Transactional(readOnly = true)
	ResponseEntity<LeadExport> export(@PathVariable String id) {
		Lead lead = leads.require(id);
		LeadExport export = new LeadExport(clock.instant(),
				new LeadExport.Profile(lead.getId(), lead.getEmail(), lead.getFirstName(), lead.getLastName(),
						lead.getCompany(), lead.getCompanySize(), lead.getJobTitle(), lead.getIndustry(),
						lead.getPhone(), lead.getCountry(), lead.getLanguage(), lead.getTimeZone(), lead.getStage(),
						lead.getSources(), lead.getCreatedAt()),
				new LeadExport.Consent(consents.status(id), consents.tracking(id), consents.records(id)), scoring.interactions(id),
				scoring.ledger(id),
				outbox.of(id).stream().map(email -> new LeadExport.Email(email, outbox.attempts(email.id()))).toList(),
				leads.history(id), sales.decisions(id), sales.crmHandovers(id));
		return ResponseEntity.ok()
				.header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"lead-" + id + ".json\"")
				.body(export);
	}

	/** 204 once the lead is erased; an unknown or already erased lead is a 404. */
	@DeleteMapping("/api/leads/{id}")
	ResponseEntity<Void> erase(@PathVariable String id) {
		erasure.erase(id);
		return ResponseEntity.noContent().build();
	}
}
