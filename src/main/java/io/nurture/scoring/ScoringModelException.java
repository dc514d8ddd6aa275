package io.nurture.scoring;

/** A scoring model that is missing, incomplete or cannot evaluate: the message names the model and the problem. */
public class ScoringModelException extends RuntimeException {

	ScoringModelException(String message) {
		super(message);
	}

	ScoringModelException(String message, Throwable cause) {
		super(message, cause);
	}
}
