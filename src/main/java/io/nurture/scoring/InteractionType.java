package io.nurture.scoring;

/**
 * What a lead did: its digital body language. The scoring model's engagement table gives each its points; a hard
 * bounce and an unsubscribe take points away.
 */
public enum InteractionType {
	EMAIL_OPENED, EMAIL_CLICKED, PAGE_VISITED, PRICING_PAGE_VISITED, CONTENT_DOWNLOADED, WEBINAR_REGISTERED,
	WEBINAR_ATTENDED, DEMO_REQUESTED, FORM_SUBMITTED, SOCIAL_ENGAGED, HARD_BOUNCED,
	/** Recorded by the engine when the lead withdraws consent; the API cannot post it. */
	UNSUBSCRIBED,
	/** Recorded by the engine when sales returns the lead; the model's points for it adjust the score. Not postable. */
	RETURNED_BY_SALES
}
