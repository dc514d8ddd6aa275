package io.nurture.sales;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.nurture.lead.Lead;
import io.nurture.lead.LeadSource;
import io.nurture.lead.Leads;
import io.nurture.scoring.Scoring;

/**
 * "Hand over to CRM": writes the opportunity into the CRM queue in the step's transaction, so a rolled-back step
 * sends nothing and a committed one is delivered for sure ({@link CrmDelivery}); a step run twice queues it once.
 */
@Component("handOverToCrm")
class HandOverToCrmDelegate implements JavaDelegate {

	private final CrmHandoverRepository queue;
	private final Leads leads;
	private final Scoring scoring;
	private final SalesReviewRepository reviews;
	private final ObjectMapper json;
	private final Clock clock;

	HandOverToCrmDelegate(CrmHandoverRepository queue, Leads leads, Scoring scoring, SalesReviewRepository reviews,
			ObjectMapper json, Clock clock) {
		this.queue = queue;
		this.leads = leads;
		this.scoring = scoring;
		this.reviews = reviews;
		this.json = json;
		this.clock = clock;
	}

	@Override
	public void execute(DelegateExecution execution) throws JsonProcessingException {
		if (queue.findByProcessInstanceId(execution.getProcessInstanceId()).isPresent()) {
			return;
		}
		String id = UUID.randomUUID().toString();
		Lead lead = leads.require(execution.getProcessBusinessKey());
		Instant now = clock.instant();
		Map<String, Object> contact = new LinkedHashMap<>();
		contact.put("firstName", lead.getFirstName());
		contact.put("lastName", lead.getLastName());
		contact.put("email", lead.getEmail());
		contact.put("phone", lead.getPhone());
		contact.put("jobTitle", lead.getJobTitle());
		contact.put("company", lead.getCompany());
		contact.put("companySize", lead.getCompanySize());
		contact.put("industry", lead.getIndustry());
		contact.put("country", lead.getCountry());
		Map<String, Object> opportunity = new LinkedHashMap<>();
		opportunity.put("handoverId", id);
		opportunity.put("leadId", lead.getId());
		opportunity.put("qualifiedAt", now.toString());
		opportunity.put("owner", execution.getVariable(SalesHandover.SALES_OWNER));
		opportunity.put("team", execution.getVariable(SalesHandover.SALES_TEAM));
		opportunity.put("expectedTimeline", execution.getVariable(SalesHandover.EXPECTED_TIMELINE));
		opportunity.put("comment", reviews.findLatestOfLead(lead.getId()).map(SalesReview::comment).orElse(null));
		opportunity.put("score", scoring.score(lead.getId()));
		opportunity.put("sources", lead.getSources().stream().map(LeadSource::source).toList());
		opportunity.put("contact", contact);
		queue.insert(id, lead.getId(), execution.getProcessInstanceId(), json.writeValueAsString(opportunity), now);
	}
}
