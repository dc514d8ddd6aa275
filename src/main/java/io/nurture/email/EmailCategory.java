package io.nurture.email;

/** Why an email may go out: the opt-in confirmation needs a pending request, marketing needs confirmed consent. */
public enum EmailCategory {
	OPT_IN, MARKETING
}
