package io.nurture.email;

/**
 * Why an email may go out: the opt-in confirmation needs a pending request, marketing needs confirmed consent, and a
 * sales notification (internal mail to a colleague about a lead) needs no consent of the lead.
 */
public enum EmailCategory {
	OPT_IN, MARKETING, SALES_NOTIFICATION
}
