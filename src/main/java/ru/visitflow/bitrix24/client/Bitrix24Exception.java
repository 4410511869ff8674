package ru.visitflow.bitrix24.client;

/**
 * A call Bitrix24 refused or that did not get through: HTTP status (0 when no answer
 * came), Bitrix24 error code as it came (may be empty) and as {@link Bitrix24ErrorCode},
 * description and method. The message says all of that and never the webhook URL. Thrown
 * as one of: {@link Bitrix24ApiException} (the portal answered with an error),
 * {@link Bitrix24TransportException} (no usable answer),
 * {@link Bitrix24NotConfiguredException} (no portal). Callers decide by
 * {@link #isTransient()}, {@link #isAccessProblem()} and {@link #isRefusal()}, never by
 * comparing code strings.
 */
public abstract class Bitrix24Exception extends RuntimeException {

	private final int httpStatus;

	private final String code;

	private final String description;

	private final String method;

	protected Bitrix24Exception(int httpStatus, String code, String description, String method, Throwable cause) {
		super(message(httpStatus, code, description, method), cause);
		this.httpStatus = httpStatus;
		this.code = (code != null) ? code : "";
		this.description = (description != null) ? description : "";
		this.method = method;
	}

	public int httpStatus() {
		return this.httpStatus;
	}

	/** The code as Bitrix24 wrote it; empty when there was none. */
	public String code() {
		return this.code;
	}

	public Bitrix24ErrorCode errorCode() {
		return Bitrix24ErrorCode.of(this.code);
	}

	public String description() {
		return this.description;
	}

	public String method() {
		return this.method;
	}

	/**
	 * Worth trying again later: limits, server errors, no answer. Not: auth, permissions,
	 * refusals.
	 */
	public boolean isTransient() {
		return switch (errorCode().kind()) {
			case LIMIT, SERVER -> true;
			case ACCESS, REFUSAL -> false;
			case UNCLEAR -> this.httpStatus == 0 || this.httpStatus == 429 || this.httpStatus >= 500;
		};
	}

	/** Authentication or authorization: retrying cannot help, a person must act. */
	public boolean isAccessProblem() {
		return errorCode().kind() == Bitrix24ErrorCode.Kind.ACCESS
				|| (errorCode().kind() == Bitrix24ErrorCode.Kind.UNCLEAR
						&& (this.httpStatus == 401 || this.httpStatus == 403));
	}

	/**
	 * Bitrix24 said no to this very request (not found, invalid value, plan limit): sent
	 * again, it says no again.
	 */
	public boolean isRefusal() {
		return !isTransient() && !isAccessProblem();
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
