package ru.visitflow.system;

/**
 * One thing wrong with a request: which field, a stable code clients can switch on, and a
 * reason for people.
 */
public record FieldProblem(String field, String code, String reason) {

	public static FieldProblem required(String field) {
		return new FieldProblem(field, "required", "must be given");
	}

}
