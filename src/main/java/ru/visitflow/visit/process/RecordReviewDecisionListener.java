package ru.visitflow.visit.process;

import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;

import org.springframework.stereotype.Component;

import ru.visitflow.visit.VisitService;

/**
 * On completing "Review visit request": keeps the supervisor's comment with the visit.
 */
@Component("recordReviewDecision")
class RecordReviewDecisionListener implements TaskListener {

	private final VisitService visits;

	RecordReviewDecisionListener(VisitService visits) {
		this.visits = visits;
	}

	@Override
	public void notify(DelegateTask task) {
		this.visits.recordReview(LifecycleVariables.visitId(task),
				LifecycleVariables.text(task, LifecycleModel.REVIEW_COMMENT));
	}

}
