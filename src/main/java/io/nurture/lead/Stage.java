package io.nurture.lead;

import java.util.EnumSet;
import java.util.Set;

/** Where a lead stands in the funnel, from first sign-up to opportunity. */
public enum Stage {
	SUBSCRIBER, LEAD, MQL, SAL, SQL, OPPORTUNITY;

	/** Stages may go back: sales returns leads to nurture (LEAD), and never drops them. */
	Set<Stage> next() {
		return switch (this) {
			case SUBSCRIBER -> EnumSet.of(LEAD, MQL);
			case LEAD -> EnumSet.of(MQL);
			case MQL -> EnumSet.of(SAL, LEAD);
			case SAL -> EnumSet.of(SQL, LEAD);
			case SQL -> EnumSet.of(OPPORTUNITY, LEAD);
			case OPPORTUNITY -> EnumSet.noneOf(Stage.class);
		};
	}
}
