package ru.visitflow.visit.process;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.impl.identity.Authentication;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Who caused a lifecycle step: the Tasklist user, the API caller, or "system" for timers.
 */
final class ProcessActor {

	static final String SYSTEM = "system";

	private ProcessActor() {
	}

	static String current(IdentityService identityService) {
		Authentication engineUser = identityService.getCurrentAuthentication();
		if (engineUser != null && engineUser.getUserId() != null) {
			return engineUser.getUserId();
		}
		org.springframework.security.core.Authentication apiUser = SecurityContextHolder.getContext()
			.getAuthentication();
		if (apiUser != null && apiUser.isAuthenticated() && !(apiUser instanceof AnonymousAuthenticationToken)) {
			return apiUser.getName();
		}
		return SYSTEM;
	}

}
