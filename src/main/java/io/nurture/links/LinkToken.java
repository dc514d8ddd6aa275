package io.nurture.links;

/** What a verified public link says: for which lead, and for a click the address it leads to. */
public record LinkToken(LinkPurpose purpose, String leadId, String target) {
}
