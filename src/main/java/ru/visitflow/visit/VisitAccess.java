package ru.visitflow.visit;

import java.util.ArrayList;
import java.util.List;

import org.springframework.stereotype.Component;

import ru.visitflow.identity.Actor;
import ru.visitflow.identity.UserDirectory;
import ru.visitflow.system.ForbiddenException;

/**
 * Who sees and changes which visits: reps their own, supervisors their team's and their
 * own, admins all.
 */
@Component
public class VisitAccess {

	private final UserDirectory users;

	VisitAccess(UserDirectory users) {
		this.users = users;
	}

	/** The reps whose visits the actor may see; null means all. */
	public List<String> visibleReps(Actor actor) {
		if (actor.isAdmin()) {
			return null;
		}
		List<String> reps = new ArrayList<>();
		reps.add(actor.userId());
		if (actor.isSupervisor()) {
			reps.addAll(this.users.teamOf(actor.userId()));
		}
		return reps;
	}

	public boolean mayAct(Actor actor, String repId) {
		List<String> visible = visibleReps(actor);
		return visible == null || visible.contains(repId);
	}

	public void check(Actor actor, String repId) {
		if (!mayAct(actor, repId)) {
			throw new ForbiddenException("This visit belongs to another rep");
		}
	}

}
