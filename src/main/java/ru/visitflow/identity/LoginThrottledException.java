package ru.visitflow.identity;

import java.time.Duration;

import org.springframework.security.core.AuthenticationException;

/** Too many wrong passwords from this address: try again after {@link #retryAfter()}. */
class LoginThrottledException extends AuthenticationException {

	private final Duration retryAfter;

	LoginThrottledException(Duration retryAfter) {
		super("Too many failed logins from this address; try again in " + Math.max(1, retryAfter.toSeconds()) + " s");
		this.retryAfter = retryAfter;
	}

	Duration retryAfter() {
		return this.retryAfter;
	}

}
