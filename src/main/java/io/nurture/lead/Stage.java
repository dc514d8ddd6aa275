package io.nurture.lead;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where a lead stands in the funnel, from first sign-up to customer. DISQUALIFIED and CUSTOMER leave nurture: the
 * first because the lead is no target (sales or marketing said so), the second because the goal is reached.
 */
public enum Stage {
	SUBSCRIBER, LEAD, MQL, SAL, SQL, OPPORTUNITY, CUSTOMER, DISQUALIFIED;

	/** Stages may go back: sales returns leads to nurture (LEAD), and never drops them. */
	Set<Stage> next() {
		return switch (this) {
			case SUBSCRIBER -> EnumSet.of(LEAD, MQL, CUSTOMER, DISQUALIFIED);
			case LEAD -> EnumSet.of(MQL, CUSTOMER, DISQUALIFIED);
			case MQL -> EnumSet.of(SAL, LEAD, CUSTOMER, DISQUALIFIED);
			case SAL -> EnumSet.of(SQL, LEAD, CUSTOMER, DISQUALIFIED);
			case SQL -> EnumSet.of(OPPORTUNITY, LEAD, CUSTOMER, DISQUALIFIED);
			case OPPORTUNITY -> EnumSet.of(CUSTOMER, LEAD);
			// A disqualified lead can be taken back into nurture by marketing; a customer has left the funnel.
			case DISQUALIFIED -> EnumSet.of(LEAD);
			case CUSTOMER -> EnumSet.noneOf(Stage.class);
		};
	}

	/** Whether a lead in this stage has left nurture for good or for now. */
	public boolean leavesNurture() {
		return this == CUSTOMER || this == DISQUALIFIED;
	}
}
