package ru.visitflow.bitrix24;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import org.springframework.http.ProblemDetail;

import ru.visitflow.bitrix24.client.Bitrix24TransportException;

/**
 * A Bitrix24 outage behind an API call answers 503 without the portal's host or
 * addresses.
 */
class Bitrix24ProblemHandlerTests {

	@Test
	void bitrix24UnavailableNamesNoHost() {
		ProblemDetail answer = new Bitrix24ProblemHandler().bitrix24Failed(new Bitrix24TransportException(0,
				"ConnectException: Failed to connect to portal.example.ru/10.0.0.7:443", "crm.item.add", null));
		assertThat(answer.getStatus()).isEqualTo(503);
		assertThat(answer.getDetail()).doesNotContain("portal.example.ru").doesNotContain("10.0.0.7");
	}

}
