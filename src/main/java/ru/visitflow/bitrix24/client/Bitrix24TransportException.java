package ru.visitflow.bitrix24.client;

/**
 * No usable answer: no connection, a timeout, an answer that is not Bitrix24's JSON,
 * redirects without end, or no permit from the client's own rate limiter in time. Worth
 * trying again when no answer came or the server was in trouble (HTTP 0, 429, 5xx); never
 * a refusal: Bitrix24 did not say no.
 */
public class Bitrix24TransportException extends Bitrix24Exception {

	/**
	 * The code of the exception thrown when the client-side limiter gave no permit in
	 * time.
	 */
	public static final String CLIENT_RATE_LIMIT = "CLIENT_RATE_LIMIT";

	public Bitrix24TransportException(int httpStatus, String description, String method, Throwable cause) {
		this(httpStatus, "", description, method, cause);
	}

	Bitrix24TransportException(int httpStatus, String code, String description, String method, Throwable cause) {
		super(httpStatus, code, description, method, cause);
	}

	@Override
	public boolean isTransient() {
		return httpStatus() == 0 || httpStatus() == 429 || httpStatus() >= 500;
	}

	@Override
	public boolean isAccessProblem() {
		return false;
	}

	@Override
	public boolean isRefusal() {
		return false;
	}

	/** The client's own limiter gave no permit: the client does not retry that itself. */
	public boolean isClientRateLimit() {
		return CLIENT_RATE_LIMIT.equals(code());
	}

}
