package ru.visitflow.bitrix24.client;

import java.time.Instant;

/**
 * HTTP 429 OPERATION_TIME_LIMIT: the method's time budget is spent until {@code resetAt}
 * (null if unknown).
 */
public class OperationTimeLimitException extends Bitrix24ApiException {

	private final Instant resetAt;

	public OperationTimeLimitException(String description, String method, Instant resetAt) {
		super(429, Bitrix24ErrorCode.OPERATION_TIME_LIMIT.code(), description, method);
		this.resetAt = resetAt;
	}

	public Instant resetAt() {
		return this.resetAt;
	}

}
