package io.nurture.sales;

import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

import io.nurture.scoring.ScoreExplanation;
import io.nurture.scoring.Scoring;

/**
 * Puts the score explanation on the "Review lead" task as it is created, so sales reads in Tasklist what
 * {@code GET /api/leads/{id}/score} says: the grade, the score and its largest contributions. Rules and points only,
 * no personal data.
 */
@Component("showScoreExplanation")
class ScoreExplanationListener implements TaskListener {

	private final Scoring scoring;

	ScoreExplanationListener(Scoring scoring) {
		this.scoring = scoring;
	}

	@Override
	public void notify(DelegateTask task) {
		ScoreExplanation explanation = scoring.explain(task.getExecution().getProcessBusinessKey());
		task.setVariableLocal("scoreGrade", explanation.grade());
		task.setVariableLocal("scoreSummary", explanation.summary());
	}
}
