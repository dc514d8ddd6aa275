package io.nurture.privacy;

import java.time.Clock;
import java.util.List;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.nurture.consent.Consents;
import io.nurture.email.Outbox;
import io.nurture.lead.Lead;
import io.nurture.lead.Leads;
import io.nurture.sales.SalesRecords;
import io.nurture.scoring.Scoring;

/**
 * Erases a lead (GDPR Art. 17), all in one transaction: its journeys end and leave Tasklist, Camunda's history of
 * them goes, and every feature forgets what it holds. What stays is a hash of the address, so that the person is
 * never mailed again, the bare sales decisions for the report, and an audit entry saying who erased whom and when.
 */
@Service
class Erasure {

	static final String REASON = "Lead erased";

	private final Leads leads;
	private final Consents consents;
	private final Scoring scoring;
	private final Outbox outbox;
	private final SalesRecords sales;
	private final RuntimeService runtime;
	private final HistoryService history;
	private final PrivacyAuditRepository audit;
	private final Clock clock;

	Erasure(Leads leads, Consents consents, Scoring scoring, Outbox outbox, SalesRecords sales, RuntimeService runtime,
			HistoryService history, PrivacyAuditRepository audit, Clock clock) {
		this.leads = leads;
		this.consents = consents;
		this.scoring = scoring;
		this.outbox = outbox;
		this.sales = sales;
		this.runtime = runtime;
		this.history = history;
		this.audit = audit;
		this.clock = clock;
	}

	/** Erases a lead at the request of a user (the person asked for it); the audit names that user. */
	@Transactional
	public void erase(String leadId) {
		// The API user, as Spring Security knows them: the API calls the engine as the system (EngineAuthenticationFilter).
		Authentication user = SecurityContextHolder.getContext().getAuthentication();
		erase(leadId, user != null ? user.getName() : null, "on request");
	}

	/** Erases a lead; {@code actor} and {@code why} go into the audit entry. */
	@Transactional
	public void erase(String leadId, String actor, String why) {
		Lead lead = leads.require(leadId);
		// Every journey, track and handover of the lead carries its id as business key; ending the roots ends the rest.
		List<String> running = runtime.createProcessInstanceQuery().processInstanceBusinessKey(leadId)
				.rootProcessInstances().list().stream().map(ProcessInstance::getId).toList();
		if (!running.isEmpty()) {
			runtime.deleteProcessInstances(running, REASON, true, true);
		}
		List<String> finished = history.createHistoricProcessInstanceQuery().processInstanceBusinessKey(leadId).list()
				.stream().map(HistoricProcessInstance::getId).toList();
		if (!finished.isEmpty()) {
			history.deleteHistoricProcessInstancesIfExists(finished);
		}
		outbox.erase(leadId, lead.getEmail());
		sales.erase(leadId);
		scoring.erase(leadId);
		consents.erase(leadId);
		leads.erase(leadId);
		audit.save(new PrivacyAudit(null, leadId, "ERASED", actor, "%s: %d journey(s) ended, %d process histories deleted"
				.formatted(why, running.size(), finished.size()), clock.instant()));
	}
}
