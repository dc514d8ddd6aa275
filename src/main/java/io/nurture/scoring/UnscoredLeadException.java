package io.nurture.scoring;

/** No lead with this id has a score: it was never captured, or it was erased. */
public class UnscoredLeadException extends IllegalArgumentException {

	public UnscoredLeadException(String leadId) {
		super("No lead with id " + leadId + " is scored");
	}
}
