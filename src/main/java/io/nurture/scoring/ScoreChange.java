package io.nurture.scoring;

/** The outcome of applying an interaction: the points it added and the score after it. */
public record ScoreChange(String leadId, int points, int score) {
}
