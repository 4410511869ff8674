package ru.visitflow.visit.process;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;

import org.springframework.stereotype.Component;

import ru.visitflow.visit.VisitService;
import ru.visitflow.visit.VisitStage;

/**
 * "Move to ..." tasks: input parameter {@code stage} (a {@link VisitStage}), optional
 * {@code note}.
 */
@Component("recordStage")
class RecordStageDelegate implements JavaDelegate {

	private final VisitService visits;

	private final IdentityService identityService;

	RecordStageDelegate(VisitService visits, IdentityService identityService) {
		this.visits = visits;
		this.identityService = identityService;
	}

	@Override
	public void execute(DelegateExecution execution) {
		VisitStage stage = VisitStage.valueOf(LifecycleVariables.requiredInput(execution, LifecycleModel.INPUT_STAGE));
		String note = LifecycleVariables.input(execution, LifecycleModel.INPUT_NOTE);
		this.visits.enterStage(LifecycleVariables.visitId(execution), stage, ProcessActor.current(this.identityService),
				note);
	}

}
