package io.nurture.scoring;

/** What a lead did: its digital body language, each worth points in the scoring settings. */
public enum InteractionType {
	EMAIL_OPENED, EMAIL_CLICKED, PAGE_VISITED, PRICING_PAGE_VISITED, CONTENT_DOWNLOADED, WEBINAR_REGISTERED,
	WEBINAR_ATTENDED, DEMO_REQUESTED, FORM_SUBMITTED
}
