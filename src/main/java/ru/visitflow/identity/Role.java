package ru.visitflow.identity;

import java.util.Arrays;
import java.util.Optional;

/** Visitflow's roles; each is a group in Camunda's identity service, so Tasklist and the API agree. */
public enum Role {

	REP("reps", "Торговые представители"), SUPERVISOR("supervisors", "Руководители"), ADMIN("admins", "Администраторы"),
	/** Reads {@code /actuator/prometheus} and nothing else: the login of a Prometheus scraper. */
	METRICS("metrics", "Metrics (Prometheus)");

	private final String groupId;

	private final String groupName;

	Role(String groupId, String groupName) {
		this.groupId = groupId;
		this.groupName = groupName;
	}

	public String groupId() {
		return this.groupId;
	}

	public String groupName() {
		return this.groupName;
	}

	public String authority() {
		return "ROLE_" + name();
	}

	public static Optional<Role> ofGroup(String groupId) {
		return Arrays.stream(values()).filter((role) -> role.groupId.equals(groupId)).findFirst();
	}

}
