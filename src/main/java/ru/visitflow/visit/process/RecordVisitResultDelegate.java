package ru.visitflow.visit.process;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;

import org.springframework.stereotype.Component;

import ru.visitflow.visit.Visit;
import ru.visitflow.visit.VisitResult;
import ru.visitflow.visit.VisitService;

/**
 * "Record visit result": reads outcome, resultNotes and the next visit (nextVisitStart,
 * nextVisitType, nextVisitPurpose) as the form or the API left them.
 */
@Component("recordVisitResult")
class RecordVisitResultDelegate implements JavaDelegate {

	private final VisitService visits;

	private final IdentityService identityService;

	RecordVisitResultDelegate(VisitService visits, IdentityService identityService) {
		this.visits = visits;
		this.identityService = identityService;
	}

	@Override
	public void execute(DelegateExecution execution) {
		Visit visit = this.visits.load(LifecycleVariables.visitId(execution));
		VisitResult result = this.visits.readResult(LifecycleVariables.text(execution, LifecycleModel.OUTCOME),
				LifecycleVariables.text(execution, LifecycleModel.RESULT_NOTES),
				LifecycleVariables.text(execution, LifecycleModel.NEXT_VISIT_START),
				LifecycleVariables.text(execution, LifecycleModel.NEXT_VISIT_TYPE),
				LifecycleVariables.text(execution, LifecycleModel.NEXT_VISIT_PURPOSE), visit.timeZone());
		this.visits.recordResult(visit.id(), result, ProcessActor.current(this.identityService));
	}

}
