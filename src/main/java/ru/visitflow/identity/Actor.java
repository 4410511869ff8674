package ru.visitflow.identity;

import java.util.Set;

/** Who is asking: a logged-in user and their roles. */
public record Actor(String userId, Set<Role> roles) {

	public Actor {
		roles = Set.copyOf(roles);
	}

	public boolean isAdmin() {
		return this.roles.contains(Role.ADMIN);
	}

	public boolean isSupervisor() {
		return this.roles.contains(Role.SUPERVISOR);
	}

	public boolean isRep() {
		return this.roles.contains(Role.REP);
	}

}
