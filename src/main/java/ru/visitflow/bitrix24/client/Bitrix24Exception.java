package ru.visitflow.bitrix24.client;

/**
 * A call Bitrix24 refused or that did not get through: HTTP status (0 when no answer came), Bitrix24 error
 * code (may be empty), description and method. The message says all of that and never the webhook URL.
 */
public class Bitrix24Exception extends RuntimeException {

	private final int httpStatus;

	private final String code;

	private final String description;

	private final String method;

	public Bitrix24Exception(int httpStatus, String code, String description, String method, Throwable cause) {
		super(message(httpStatus, code, description, method), cause);
		this.httpStatus = httpStatus;
		this.code = (code != null) ? code : "";
		this.description = (description != null) ? description : "";
		this.method = method;
	}

	public Bitrix24Exception(int httpStatus, String code, String description, String method) {
		this(httpStatus, code, description, method, null);
	}

	public int httpStatus() {
		return this.httpStatus;
	}

	public String code() {
		return this.code;
	}

	public String description() {
		return this.description;
	}

	public String method() {
		return this.method;
	}

	/** Worth trying again later: limits, server errors, no answer. Not: auth, permissions, bad requests. */
	public boolean isTransient() {
		return this.httpStatus == 0 || this.httpStatus == 429 || this.httpStatus >= 500;
	}

	/** Authentication or authorization: retrying cannot help, a person must act. */
	public boolean isAccessProblem() {
		return this.httpStatus == 401 || this.httpStatus == 403;
	}

	private static String message(int httpStatus, String code, String description, String method) {
		StringBuilder text = new StringBuilder("Bitrix24 ");
		text.append(method).append(" failed");
		if (httpStatus > 0) {
			text.append(" with HTTP ").append(httpStatus);
		}
		if (code != null && !code.isEmpty()) {
			text.append(": ").append(code);
		}
		if (description != null && !description.isEmpty()) {
			text.append((code != null && !code.isEmpty()) ? " (" + description + ")" : ": " + description);
		}
		return text.toString();
	}

}
