package io.nurture.lead;

import java.time.Clock;
import java.util.List;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Appends every stage change to the lead's history, in the transaction that made it. */
@Component
class StageHistory {

	private final StageChangeRepository changes;
	private final Clock clock;

	StageHistory(StageChangeRepository changes, Clock clock) {
		this.changes = changes;
		this.clock = clock;
	}

	@EventListener
	void on(LeadStageChanged event) {
		String cause = event.cause().length() > 1200 ? event.cause().substring(0, 1200) : event.cause();
		changes.save(new StageChange(null, event.leadId(), event.from(), event.to(), cause, clock.instant()));
	}

	List<StageChange> of(String leadId) {
		return changes.findByLeadId(leadId);
	}

	void erase(String leadId) {
		changes.deleteByLeadId(leadId);
	}
}
