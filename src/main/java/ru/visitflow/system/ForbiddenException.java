package ru.visitflow.system;

/** The caller is known but may not see or change this (HTTP 403). */
public class ForbiddenException extends RuntimeException {

	public ForbiddenException(String message) {
		super(message);
	}

}
