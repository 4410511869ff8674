package ru.visitflow.bitrix24.client;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Bitrix24's documented error codes (the {@code error} field of an answer) and what each
 * means for a caller: a limit or server trouble passes, an access problem needs a person,
 * a refusal is Bitrix24 saying no to this request, and no retry changes that. An empty
 * code (calendar methods, crm.company.list) is {@link #NONE}; a code not listed here is
 * {@link #UNKNOWN}, its text kept on the error.
 */
public enum Bitrix24ErrorCode {

	/** HTTP 503: the leaky bucket is full. */
	QUERY_LIMIT_EXCEEDED("QUERY_LIMIT_EXCEEDED", Kind.LIMIT),
	/**
	 * HTTP 429: the method's operating time is spent until {@code operating_reset_at}.
	 */
	OPERATION_TIME_LIMIT("OPERATION_TIME_LIMIT", Kind.LIMIT),
	/** HTTP 503: blocked by Bitrix24 support. */
	OVERLOAD_LIMIT("OVERLOAD_LIMIT", Kind.LIMIT), INTERNAL_SERVER_ERROR("INTERNAL_SERVER_ERROR", Kind.SERVER),
	ERROR_UNEXPECTED_ANSWER("ERROR_UNEXPECTED_ANSWER", Kind.SERVER),
	/** HTTP 401: a wrong webhook code. */
	NO_AUTH_FOUND("NO_AUTH_FOUND", Kind.ACCESS), EXPIRED_TOKEN("expired_token", Kind.ACCESS),
	INVALID_CREDENTIALS("INVALID_CREDENTIALS", Kind.ACCESS), INSUFFICIENT_SCOPE("insufficient_scope", Kind.ACCESS),
	/** No REST on the portal's plan, or no permission for this record. */
	ACCESS_DENIED("ACCESS_DENIED", Kind.ACCESS), USER_ACCESS_ERROR("user_access_error", Kind.ACCESS),
	ALLOWED_ONLY_INTRANET_USER("allowed_only_intranet_user", Kind.ACCESS),
	PORTAL_DELETED("PORTAL_DELETED", Kind.ACCESS), INVALID_REQUEST("INVALID_REQUEST", Kind.REFUSAL),
	ERROR_BATCH_LENGTH_EXCEEDED("ERROR_BATCH_LENGTH_EXCEEDED", Kind.REFUSAL),
	ERROR_BATCH_METHOD_NOT_ALLOWED("ERROR_BATCH_METHOD_NOT_ALLOWED", Kind.REFUSAL),
	ERROR_METHOD_NOT_FOUND("ERROR_METHOD_NOT_FOUND", Kind.REFUSAL),
	/** crm.item.*: no such smart process or item (HTTP 400). */
	NOT_FOUND("NOT_FOUND", Kind.REFUSAL), OWNER_NOT_FOUND("OWNER_NOT_FOUND", Kind.REFUSAL),
	INVALID_ARG_VALUE("INVALID_ARG_VALUE", Kind.REFUSAL),
	CRM_FIELD_ERROR_VALUE_NOT_VALID("CRM_FIELD_ERROR_VALUE_NOT_VALID", Kind.REFUSAL),
	CREATE_DYNAMIC_ITEM_RESTRICTED("CREATE_DYNAMIC_ITEM_RESTRICTED", Kind.REFUSAL),
	UPDATE_DYNAMIC_ITEM_RESTRICTED("UPDATE_DYNAMIC_ITEM_RESTRICTED", Kind.REFUSAL),
	/** tasks.task.add: a missing title or responsible person, an unknown user. */
	ERROR_CORE("ERROR_CORE", Kind.REFUSAL),
	/**
	 * {@code 100}: a value Bitrix24 cannot take (a non-list for a multiple field, missing
	 * fields).
	 */
	INVALID_VALUE("100", Kind.REFUSAL),
	/**
	 * An empty code: calendar methods and crm.company.list say what went wrong in the
	 * description only.
	 */
	NONE("", Kind.UNCLEAR),
	/** A code not listed here. */
	UNKNOWN(null, Kind.UNCLEAR);

	/** What an error means for whoever made the call. */
	public enum Kind {

		/** Too much, too fast: passes on its own. */
		LIMIT,
		/** Trouble on Bitrix24's side: may pass. */
		SERVER,
		/** Authentication, permissions, the plan: a person must act. */
		ACCESS,
		/** Bitrix24 says no to this very request; sent again it says no again. */
		REFUSAL,
		/** No code, or one not documented: judged by the HTTP status. */
		UNCLEAR

	}

	private static final Map<String, Bitrix24ErrorCode> BY_CODE = Arrays.stream(values())
		.filter((code) -> code.code != null)
		.collect(Collectors.toMap((code) -> code.code, Function.identity()));

	private final String code;

	private final Kind kind;

	Bitrix24ErrorCode(String code, Kind kind) {
		this.code = code;
		this.kind = kind;
	}

	/** The code as Bitrix24 writes it; null for {@link #UNKNOWN}. */
	public String code() {
		return this.code;
	}

	public Kind kind() {
		return this.kind;
	}

	/**
	 * The code of an {@code error} field, matched exactly (a few documented codes are
	 * lower-case).
	 */
	public static Bitrix24ErrorCode of(String code) {
		if (code == null) {
			return NONE;
		}
		return BY_CODE.getOrDefault(code, UNKNOWN);
	}

}
