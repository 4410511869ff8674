package ru.visitflow.bitrix24.portal;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;

import ru.visitflow.bitrix24.client.Bitrix24;
import ru.visitflow.bitrix24.client.Bitrix24Endpoint;
import ru.visitflow.bitrix24.client.NoPortal;
import ru.visitflow.bitrix24.client.OkHttpBitrix24;
import ru.visitflow.bitrix24.client.SharedRequestBudget;

/**
 * The Bitrix24 client: the configured webhook, or the built-in sandbox on this server
 * when none is set and it is switched on. It keeps real time for the portal's limits, not
 * the engine clock Visitflow's domain code runs on.
 */
@Configuration(proxyBeanMethods = false)
class Bitrix24Configuration {

	/**
	 * The configured webhook, else the sandbox when it is switched on, else no portal:
	 * calls fail at once and nothing is sent anywhere.
	 */
	@Bean
	Bitrix24 bitrix24(Bitrix24Properties properties, Environment environment, ObjectMapper objectMapper,
			JdbcClient jdbc, PlatformTransactionManager transactions, MeterRegistry meters) {
		if (!properties.hasPortal()) {
			return new NoPortal();
		}
		Bitrix24Endpoint endpoint = properties.hasWebhook() ? Bitrix24Endpoint.webhook(properties.webhookUrl())
				: Bitrix24Endpoint.sandbox(environment);
		// the portal's request budget, kept in the database so that every node of a
		// cluster takes its requests
		// from one bucket (README, "Scaling out"); keyed by the portal's host
		SharedRequestBudget budget = new SharedRequestBudget(jdbc, transactions, endpoint::host,
				properties.client().rateLimit().requestsPerSecond(), properties.client().rateLimit().burst(), meters);
		return new OkHttpBitrix24(endpoint, properties.client(), objectMapper).sharing(budget, meters);
	}

}
