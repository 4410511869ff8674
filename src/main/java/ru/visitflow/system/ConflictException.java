package ru.visitflow.system;

/** A request that is well formed but not possible in the current state (HTTP 409). */
public class ConflictException extends RuntimeException {

	public ConflictException(String message) {
		super(message);
	}

}
