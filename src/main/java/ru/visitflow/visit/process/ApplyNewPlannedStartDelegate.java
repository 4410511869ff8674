package ru.visitflow.visit.process;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;

import org.springframework.stereotype.Component;

import ru.visitflow.visit.Visit;
import ru.visitflow.visit.VisitService;

/**
 * "Apply new date": writes newPlannedStart (from the message or the overdue form) to the
 * read model.
 */
@Component("applyNewPlannedStart")
class ApplyNewPlannedStartDelegate implements JavaDelegate {

	private final VisitService visits;

	private final FormDisplay formDisplay;

	ApplyNewPlannedStartDelegate(VisitService visits, FormDisplay formDisplay) {
		this.visits = visits;
		this.formDisplay = formDisplay;
	}

	@Override
	public void execute(DelegateExecution execution) {
		Visit visit = this.visits.applyPlannedStart(LifecycleVariables.visitId(execution),
				LifecycleVariables.text(execution, LifecycleModel.NEW_PLANNED_START));
		// consumed: a later form must not offer this date again
		execution.removeVariable(LifecycleModel.NEW_PLANNED_START);
		execution.getProcessInstance().setVariables(this.formDisplay.variablesFor(visit));
	}

}
