package io.nurture.links;

/** What a public link does; a token signed for one purpose is worthless for another. */
public enum LinkPurpose {
	CONFIRM, UNSUBSCRIBE, CLICK, OPEN
}
