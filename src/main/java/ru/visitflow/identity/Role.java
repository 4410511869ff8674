package ru.visitflow.identity;

import java.util.Arrays;
import java.util.Optional;

/**
 * Visitflow's roles; each is a group in Camunda's identity service, so Tasklist and the
 * API agree.
 */
public enum Role {

	REP("reps"), SUPERVISOR("supervisors"), ADMIN("admins"),
	/**
	 * Reads {@code /actuator/prometheus} and nothing else: the login of a Prometheus
	 * scraper.
	 */
	METRICS("metrics");

	private final String groupId;

	Role(String groupId) {
		this.groupId = groupId;
	}

	public String groupId() {
		return this.groupId;
	}

	/** The message key of the group's name as people read it in Camunda Admin. */
	public String groupNameKey() {
		return "identity.group." + this.groupId;
	}

	public String authority() {
		return "ROLE_" + name();
	}

	public static Optional<Role> ofGroup(String groupId) {
		return Arrays.stream(values()).filter((role) -> role.groupId.equals(groupId)).findFirst();
	}

}
