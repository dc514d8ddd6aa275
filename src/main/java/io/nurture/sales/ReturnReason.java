package io.nurture.sales;

/** Why sales returned a lead to nurture; the reasons tell marketing how to improve scoring and content. */
public enum ReturnReason {
	NOT_REACHABLE("Not reachable"),
	NO_BUDGET("No budget"),
	WRONG_TARGET_GROUP("Wrong target group"),
	NO_NEED_NOW("No need right now"),
	DUPLICATE("Duplicate"),
	OTHER("Other");

	private final String label;

	ReturnReason(String label) {
		this.label = label;
	}

	public String label() {
		return label;
	}
}
