package ru.visitflow.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import ru.visitflow.identity.IdentityBootstrap;
import ru.visitflow.identity.Role;
import ru.visitflow.visit.process.LifecycleTestSupport;

/**
 * {@code /actuator/prometheus}: only administrators and the metrics group read it; it
 * serves the cluster gauges with the database's figures, the job executor counters and
 * request latencies; and every metric the Grafana dashboard queries is one Visitflow
 * serves.
 */
@AutoConfigureMockMvc
@AutoConfigureObservability(tracing = false)
@TestPropertySource(
		properties = { "visitflow.metrics.refresh-interval=0s", "logging.level.ru.visitflow.metrics=debug" })
class PrometheusEndpointTests extends LifecycleTestSupport {

	private static final Pattern METRIC = Pattern.compile("\\b((?:visitflow|camunda|http)_[a-z0-9_]+)\\b");

	@Autowired
	private MockMvc mvc;

	@Autowired
	private IdentityBootstrap identity;

	@Autowired
	private JdbcClient jdbc;

	private String scrape(String user) throws Exception {
		return this.mvc.perform(get("/actuator/prometheus").with(httpBasic(user, "secret")))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
	}

	@Test
	void onlyAdministratorsAndTheMetricsGroupReadIt() throws Exception {
		this.identity.ensureUser("scraper", "Prometheus", "Scraper", "secret", List.of(Role.METRICS.groupId()));
		this.identity.ensureUser("boss", "Admin", "Istrator", "secret", List.of(Role.ADMIN.groupId()));
		this.mvc.perform(get("/actuator/prometheus")).andExpect(status().isUnauthorized());
		this.mvc.perform(get("/actuator/prometheus").with(httpBasic("rep1", "secret")))
			.andExpect(status().isForbidden());
		assertThat(scrape("scraper")).contains("visitflow_visits");
		assertThat(scrape("boss")).contains("visitflow_visits");
	}

	@Test
	void servesTheDatabaseFiguresAndTheJobExecutor() throws Exception {
		this.identity.ensureUser("scraper", "Prometheus", "Scraper", "secret", List.of(Role.METRICS.groupId()));
		plan(REP1, "2026-12-20T11:00");
		plan(REP1, "2026-12-21T11:00");
		long drafts = this.jdbc.sql("select count(*) from visit where stage = 'DRAFT'").query(Long.class).single();
		long waiting = this.externalTaskService.createExternalTaskQuery()
			.topicName("bitrix24-visit-item")
			.notLocked()
			.count();
		this.mvc.perform(get("/api/visits").with(httpBasic("rep1", "secret"))).andExpect(status().isOk());
		String text = scrape("scraper");
		assertThat(value(text, "visitflow_visits", "stage=\"DRAFT\"")).isEqualTo(drafts);
		assertThat(value(text, "visitflow_external_tasks_waiting", "topic=\"bitrix24-visit-item\"")).isEqualTo(waiting)
			.isGreaterThanOrEqualTo(2);
		assertThat(value(text, "visitflow_sync_behind", "")).isGreaterThanOrEqualTo(2);
		assertThat(text).contains("camunda_job_acquisitions_total{", "camunda_job_executions_total{",
				"visitflow_inbox_depth", "visitflow_incidents_open{", "http_server_requests_seconds_bucket");
	}

	@Test
	void everyMetricOfTheDashboardIsServed() throws Exception {
		this.identity.ensureUser("scraper", "Prometheus", "Scraper", "secret", List.of(Role.METRICS.groupId()));
		JsonNode dashboard = new ObjectMapper().readTree(Files.readString(Path.of("ops/grafana/visitflow.json")));
		assertThat(dashboard.path("uid").asText()).isEqualTo("visitflow");
		assertThat(dashboard.path("panels").size()).isGreaterThanOrEqualTo(8);
		Set<String> queried = new TreeSet<>();
		for (JsonNode panel : dashboard.path("panels")) {
			assertThat(panel.path("gridPos").path("w").asInt()).isPositive();
			for (JsonNode target : panel.path("targets")) {
				Matcher metric = METRIC.matcher(target.path("expr").asText());
				while (metric.find()) {
					queried.add(metric.group(1));
				}
			}
		}
		assertThat(queried).contains("visitflow_visits", "visitflow_sync_lag_seconds", "visitflow_inbox_depth",
				"camunda_job_acquisitions_total", "http_server_requests_seconds_bucket",
				"visitflow_bitrix24_calls_total", "visitflow_bitrix24_limiter_wait_seconds_sum");
		this.mvc.perform(get("/api/visits").with(httpBasic("rep1", "secret"))).andExpect(status().isOk());
		String text = scrape("scraper");
		Set<String> served = new TreeSet<>();
		for (String line : text.split("\n")) {
			if (!line.startsWith("#") && !line.isBlank()) {
				served.add(line.split("[{ ]", 2)[0]);
			}
		}
		// the Bitrix24 client's meters appear with its first call: the two-node tests
		// check them
		assertThat(served)
			.containsAll(queried.stream().filter((name) -> !name.startsWith("visitflow_bitrix24_")).toList());
	}

	private static double value(String text, String name, String label) {
		for (String line : text.split("\n")) {
			if (line.startsWith(name + "{") && line.contains(label) || line.startsWith(name + " ")) {
				return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
			}
		}
		throw new AssertionError(name + " " + label + " not served");
	}

}
