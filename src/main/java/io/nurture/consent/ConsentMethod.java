package io.nurture.consent;

/**
 * How a consent was given or withdrawn: a sign-up form, an imported list or a call of the API; the confirmation
 * link, the unsubscribe page, a mail client's one-click unsubscribe or its unsubscribe email (List-Unsubscribe
 * mailto); a spam complaint.
 */
public enum ConsentMethod {
	FORM, IMPORT, API, CONFIRMATION_LINK, UNSUBSCRIBE_LINK, ONE_CLICK, EMAIL_REQUEST, COMPLAINT
}
