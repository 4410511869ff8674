package ru.visitflow.bitrix24.portal;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;

import ru.visitflow.bitrix24.client.Bitrix24Endpoint;
import ru.visitflow.bitrix24.client.OkHttpBitrix24;
import ru.visitflow.bitrix24.client.SharedRequestBudget;


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

	/**
	 * The portal's request budget, kept in the database so that every node of a cluster takes its requests from
	 * one bucket (README, "Scaling out"); keyed by the portal's host.
	 */
	@Bean
	SharedRequestBudget bitrix24RequestBudget(JdbcClient jdbc, PlatformTransactionManager transactions,
			Bitrix24Endpoint bitrix24Endpoint, Bitrix24Properties properties, MeterRegistry meters) {
		return new SharedRequestBudget(jdbc, transactions, bitrix24Endpoint::host,
				properties.client().rateLimit().requestsPerSecond(), properties.client().rateLimit().burst(), meters);
	}

	@Bean
	OkHttpBitrix24 bitrix24(Bitrix24Endpoint bitrix24Endpoint, Bitrix24Properties properties,
			ObjectMapper objectMapper, SharedRequestBudget bitrix24RequestBudget, MeterRegistry meters) {
		return new OkHttpBitrix24(bitrix24Endpoint, properties.client(), objectMapper).sharing(bitrix24RequestBudget,
				meters);
	}

}
