package ru.visitflow.bitrix24.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;

import org.springframework.mock.env.MockEnvironment;

class Bitrix24EndpointTests {

	private static final String CODE = "x7k2p9q4w1z8m3n6";

	@Test
	void theSandboxIsOnThePortTheServerGotAtCallTime() {
		MockEnvironment environment = new MockEnvironment();
		Bitrix24Endpoint endpoint = Bitrix24Endpoint.sandbox(environment);

		assertThat(endpoint.get()).hasToString("http://localhost:8080/bitrix24-sandbox/rest/10/sandbox-webhook/");
		environment.setProperty("server.port", "9090");
		assertThat(endpoint.get().port()).isEqualTo(9090);
		environment.setProperty("local.server.port", "41234");
		assertThat(endpoint.method("crm.item.get"))
			.hasToString("http://localhost:41234/bitrix24-sandbox/rest/10/sandbox-webhook/crm.item.get");
	}

	@Test
	void webhookUrlWithoutTrailingSlashIsNormalised() {
		Bitrix24Endpoint endpoint = Bitrix24Endpoint.webhook("https://portal.bitrix24.ru/rest/1/" + CODE);

		assertThat(endpoint.method("crm.item.get"))
			.hasToString("https://portal.bitrix24.ru/rest/1/" + CODE + "/crm.item.get");
	}

	@Test
	void hostToStringAndRedactedTextNeverShowTheWebhookCode() {
		Bitrix24Endpoint endpoint = Bitrix24Endpoint
			.fixed(HttpUrl.get("https://portal.bitrix24.ru/rest/1/" + CODE + "/"));

		assertThat(endpoint.host()).isEqualTo("portal.bitrix24.ru:443");
		assertThat(endpoint.toString()).doesNotContain(CODE).contains("portal.bitrix24.ru");
		assertThat(endpoint.redact("POST https://portal.bitrix24.ru/rest/1/" + CODE + "/crm.item.get failed"))
			.isEqualTo("POST https://portal.bitrix24.ru/rest/1/***/crm.item.get failed");
	}

	@Test
	void invalidWebhookUrlIsRefusedWithoutRepeatingIt() {
		assertThatIllegalArgumentException().isThrownBy(() -> Bitrix24Endpoint.webhook("portal/rest/1/" + CODE))
			.withMessageNotContaining(CODE);
	}

}
