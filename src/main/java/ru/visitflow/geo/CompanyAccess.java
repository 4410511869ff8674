package ru.visitflow.geo;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.springframework.stereotype.Component;

import ru.visitflow.identity.Actor;
import ru.visitflow.identity.UserDirectory;
import ru.visitflow.system.ForbiddenException;
import ru.visitflow.visit.VisitAccess;

/**
 * Which companies a person sees on the map and in routes: a rep those assigned to them in
 * Bitrix24 (their territory), a supervisor those of their team and their own, an
 * administrator all. Moving pins and deciding proposals is for supervisors (their team's
 * companies) and administrators.
 */
@Component
public class CompanyAccess {

	private final VisitAccess visits;

	private final UserDirectory users;

	CompanyAccess(VisitAccess visits, UserDirectory users) {
		this.visits = visits;
		this.users = users;
	}

	/** The Bitrix24 user ids whose companies the actor sees; null means all. */
	public Set<Long> visibleOwners(Actor actor) {
		List<String> reps = this.visits.visibleReps(actor);
		if (reps == null) {
			return null;
		}
		Set<Long> owners = new LinkedHashSet<>();
		for (String rep : reps) {
			this.users.bitrix24UserOf(rep).ifPresent(owners::add);
		}
		return owners;
	}

	public boolean sees(Actor actor, Long owner) {
		Set<Long> owners = visibleOwners(actor);
		return owners == null || (owner != null && owners.contains(owner));
	}

	/**
	 * Supervisors and administrators correct positions and decide proposals; reps may
	 * not.
	 */
	public void checkMayCorrect(Actor actor, Long owner) {
		if (!actor.isSupervisor() && !actor.isAdmin()) {
			throw new ForbiddenException("Only supervisors correct company positions");
		}
		if (!sees(actor, owner)) {
			throw new ForbiddenException("This company belongs to another team");
		}
	}

}
