package ru.visitflow.system;

import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ResponseStatus;

/** Bad input: answered with HTTP 400 and the problems, and nothing is changed. */
@ResponseStatus(HttpStatus.BAD_REQUEST)
public class InvalidInputException extends RuntimeException {

	private final List<FieldProblem> problems;

	public InvalidInputException(List<FieldProblem> problems) {
		super(describe(problems));
		this.problems = List.copyOf(problems);
	}

	public InvalidInputException(String field, String code, String reason) {
		this(List.of(new FieldProblem(field, code, reason)));
	}

	public List<FieldProblem> problems() {
		return this.problems;
	}

	private static String describe(List<FieldProblem> problems) {
		StringBuilder text = new StringBuilder("Invalid input:");
		problems.forEach((p) -> text.append(' ').append(p.field()).append(": ").append(p.reason()).append(';'));
		return text.toString();
	}

}
