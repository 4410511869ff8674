package ru.visitflow.visit.process;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;

import org.springframework.stereotype.Component;

import ru.visitflow.visit.Visit;
import ru.visitflow.visit.VisitService;
import ru.visitflow.visit.VisitTimes;

/**
 * "Resubmit visit request": applies the rep's new date if given and sends the request
 * back for review.
 */
@Component("resubmitVisitRequest")
class ResubmitVisitRequestDelegate implements JavaDelegate {

	private final VisitService visits;

	private final FormDisplay formDisplay;

	ResubmitVisitRequestDelegate(VisitService visits, FormDisplay formDisplay) {
		this.visits = visits;
		this.formDisplay = formDisplay;
	}

	@Override
	public void execute(DelegateExecution execution) {
		String newStart = LifecycleVariables.text(execution, LifecycleModel.NEW_PLANNED_START);
		if (VisitTimes.isGiven(newStart)) {
			Visit visit = this.visits.applyPlannedStart(LifecycleVariables.visitId(execution), newStart);
			execution.getProcessInstance().setVariables(this.formDisplay.variablesFor(visit));
		}
		execution.removeVariable(LifecycleModel.NEW_PLANNED_START);
		execution.getProcessInstance().setVariable(LifecycleModel.REVIEW_STATUS, LifecycleModel.REVIEW_PENDING);
	}

}
