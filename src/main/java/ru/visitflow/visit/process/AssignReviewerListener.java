package ru.visitflow.visit.process;

import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;

import org.springframework.stereotype.Component;

import ru.visitflow.identity.UserDirectory;
import ru.visitflow.identity.UserProfile;
import ru.visitflow.visit.VisitService;

/**
 * On creating "Review visit request": hands it straight to the rep's own supervisor, so
 * it waits in their list without a claim. The team's candidate group stays, so a
 * supervisor who takes the team over later finds it too.
 */
@Component("assignReviewer")
class AssignReviewerListener implements TaskListener {

	private final VisitService visits;

	private final UserDirectory users;

	AssignReviewerListener(VisitService visits, UserDirectory users) {
		this.visits = visits;
		this.users = users;
	}

	@Override
	public void notify(DelegateTask task) {
		String repId = this.visits.load(LifecycleVariables.visitId(task)).repId();
		this.users.profile(repId)
			.map(UserProfile::supervisorId)
			.filter((supervisor) -> !supervisor.isBlank())
			.ifPresent(task::setAssignee);
	}

}
