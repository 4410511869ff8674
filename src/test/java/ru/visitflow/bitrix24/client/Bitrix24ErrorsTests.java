package ru.visitflow.bitrix24.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

/**
 * Bitrix24's errors as types and codes: callers decide by kind, never by comparing
 * strings.
 */
class Bitrix24ErrorsTests {

	@Test
	void documentedCodesAreKnownExactlyAndOthersKeptAsUnknown() {
		assertThat(Bitrix24ErrorCode.of("NOT_FOUND")).isEqualTo(Bitrix24ErrorCode.NOT_FOUND);
		assertThat(Bitrix24ErrorCode.of("expired_token")).isEqualTo(Bitrix24ErrorCode.EXPIRED_TOKEN);
		assertThat(Bitrix24ErrorCode.of("insufficient_scope")).isEqualTo(Bitrix24ErrorCode.INSUFFICIENT_SCOPE);
		assertThat(Bitrix24ErrorCode.of("100")).isEqualTo(Bitrix24ErrorCode.INVALID_VALUE);
		assertThat(Bitrix24ErrorCode.of("")).isEqualTo(Bitrix24ErrorCode.NONE);
		assertThat(Bitrix24ErrorCode.of("SOMETHING_NEW")).isEqualTo(Bitrix24ErrorCode.UNKNOWN);

		Bitrix24Error unknown = new Bitrix24Error("SOMETHING_NEW", "a new kind of trouble");
		assertThat(unknown.errorCode()).isEqualTo(Bitrix24ErrorCode.UNKNOWN);
		assertThat(unknown.code()).isEqualTo("SOMETHING_NEW");
		assertThat(unknown).hasToString("SOMETHING_NEW: a new kind of trouble");
	}

	@Test
	void limitsAndServerTroublePassAccessNeedsAPersonRefusalsStay() {
		Bitrix24Exception limit = new Bitrix24ApiException(503, "QUERY_LIMIT_EXCEEDED", "Too many requests", "batch");
		Bitrix24Exception blocked = new OperationTimeLimitException("blocked", "crm.item.list", Instant.now());
		Bitrix24Exception denied = new Bitrix24ApiException(401, "NO_AUTH_FOUND", "Wrong authorization data", "batch");
		Bitrix24Exception refused = new Bitrix24ApiException(400, "NOT_FOUND", "Element not found", "crm.item.get");
		Bitrix24Exception calendar = new Bitrix24ApiException(400, "", "Access denied.", "calendar.event.add");
		Bitrix24Exception server = new Bitrix24ApiException(500, "SOMETHING_NEW", "oops", "crm.item.add");
		Bitrix24Exception noAnswer = new Bitrix24TransportException(0, "SocketTimeoutException", "batch", null);

		assertThat(limit.isTransient()).isTrue();
		assertThat(blocked.isTransient()).isTrue();
		assertThat(blocked.errorCode()).isEqualTo(Bitrix24ErrorCode.OPERATION_TIME_LIMIT);
		assertThat(denied.isAccessProblem()).isTrue();
		assertThat(denied.isTransient()).isFalse();
		assertThat(refused.isRefusal()).isTrue();
		assertThat(refused.errorCode()).isEqualTo(Bitrix24ErrorCode.NOT_FOUND);
		assertThat(calendar.isRefusal()).isTrue();
		assertThat(server.isTransient()).isTrue();
		assertThat(noAnswer.isTransient()).isTrue();
		assertThat(noAnswer.isRefusal()).isFalse();
		assertThat(new Bitrix24NotConfiguredException("batch").isTransient()).isFalse();
	}

	@Test
	void theClientRetriesWhatMayPassAndNothingElse() {
		assertThat(OkHttpBitrix24.retryable(new Bitrix24ApiException(503, "QUERY_LIMIT_EXCEEDED", "", "batch")))
			.isTrue();
		assertThat(OkHttpBitrix24.retryable(new Bitrix24TransportException(0, "timeout", "batch", null))).isTrue();
		assertThat(OkHttpBitrix24.retryable(new Bitrix24ApiException(400, "INVALID_ARG_VALUE", "", "batch"))).isFalse();
		assertThat(OkHttpBitrix24.retryable(new Bitrix24ApiException(401, "NO_AUTH_FOUND", "", "batch"))).isFalse();
		assertThat(OkHttpBitrix24.retryable(new Bitrix24TransportException(0,
				Bitrix24TransportException.CLIENT_RATE_LIMIT, "no permit", "batch", null)))
			.isFalse();
		// an operating limit parks the method for minutes: a create is not resent at once
		// but later, by the caller
		assertThat(OkHttpBitrix24.refused(new OperationTimeLimitException("", "batch", null))).isFalse();
		assertThat(OkHttpBitrix24.refused(new Bitrix24ApiException(503, "QUERY_LIMIT_EXCEEDED", "", "batch"))).isTrue();
		assertThat(OkHttpBitrix24.refused(new Bitrix24TransportException(0, "timeout", "batch", null))).isFalse();
	}

}
