package ru.visitflow.bitrix24.portal;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import ru.visitflow.bitrix24.client.Bitrix24Endpoint;
import ru.visitflow.bitrix24.client.OkHttpBitrix24;


/**
 * The Bitrix24 client: the configured webhook, or the built-in sandbox on this server when none is set. It
 * keeps real time for the portal's limits, not the engine clock Visitflow's domain code runs on.
 */
@Configuration(proxyBeanMethods = false)
class Bitrix24Configuration {

	@Bean
	Bitrix24Endpoint bitrix24Endpoint(Bitrix24Properties properties, Environment environment) {
		return properties.hasWebhook() ? Bitrix24Endpoint.webhook(properties.webhookUrl())
				: Bitrix24Endpoint.sandbox(environment);
	}

	@Bean
	OkHttpBitrix24 bitrix24(Bitrix24Endpoint bitrix24Endpoint, Bitrix24Properties properties,
			ObjectMapper objectMapper) {
		return new OkHttpBitrix24(bitrix24Endpoint, properties.client(), objectMapper);
	}

}
