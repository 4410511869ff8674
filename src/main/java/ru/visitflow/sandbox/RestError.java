package ru.visitflow.sandbox;

/**
 * An error answer of the emulated portal: HTTP status, the Bitrix24 error code (empty for
 * the calendar methods and the legacy CRM methods) and its description, exactly as they
 * go into {@code error}/{@code error_description}.
 */
class RestError extends RuntimeException {

	private final int status;

	private final String code;

	RestError(int status, String code, String description) {
		super(description, null, false, false);
		this.status = status;
		this.code = code;
	}

	int status() {
		return this.status;
	}

	String code() {
		return this.code;
	}

	String description() {
		return getMessage();
	}

	static RestError badRequest(String code, String description) {
		return new RestError(400, code, description);
	}

	/** Item methods: an unknown smart process or element. */
	static RestError notFound(String description) {
		return new RestError(400, "NOT_FOUND", description);
	}

	/** Calendar and legacy CRM methods report errors with an empty code. */
	static RestError noCode(String description) {
		return new RestError(400, "", description);
	}

}
