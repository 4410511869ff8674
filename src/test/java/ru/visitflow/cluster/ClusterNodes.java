package ru.visitflow.cluster;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import ru.visitflow.VisitflowApplication;
import ru.visitflow.sandbox.Bitrix24Sandbox;

/**
 * Starts Visitflow nodes as application contexts in this JVM on one database, the way the
 * cluster tests and benchmarks use them: node A hosts the Bitrix24 sandbox, every other
 * node reaches that sandbox as its configured portal, so all of them share one portal and
 * its limits. Each node runs its job executor and Bitrix24 workers (the {@code test}
 * profile's other settings stay: no demo data, no reconciliation run).
 */
final class ClusterNodes {

	static final String TOKEN = "cluster-test-token";

	private ClusterNodes() {
	}

	/** The settings every node gets; {@code extra} ones come last and win. */
	static ConfigurableApplicationContext start(String node, int port, String url, String sandboxUrl,
			List<String> extra) {
		List<String> properties = new ArrayList<>(List.of("server.port=" + port, "spring.datasource.url=" + url,
				"spring.datasource.username=postgres", "spring.datasource.password=",
				"visitflow.cluster.node-id=" + node,
				// the job executor and the Bitrix24 workers run, as in production, and
				// poll often
				"camunda.bpm.job-execution.enabled=true", "camunda.bpm.job-execution.wait-time-in-millis=200",
				"camunda.bpm.job-execution.max-wait=1000", "visitflow.bitrix24.sync.enabled=true",
				"visitflow.bitrix24.sync.poll-interval=200ms", "visitflow.bitrix24.reconciliation.enabled=false",
				"visitflow.bitrix24-sandbox.snapshot-file=", "visitflow.bitrix24.application-token=" + TOKEN,
				"visitflow.bitrix24.bp-webhook-secret=cluster-test-secret", "logging.level.root=WARN"));
		if (sandboxUrl == null) {
			properties.add("visitflow.bitrix24.sandbox.enabled=true");
		}
		else {
			properties.add("visitflow.bitrix24.sandbox.enabled=false");
			properties.add("visitflow.bitrix24.webhook-url=" + Bitrix24Sandbox.webhookUrl(sandboxUrl));
		}
		properties.addAll(extra);
		// one value per key, the last given winning (a key given twice on the command
		// line would be a list)
		Map<String, String> byKey = new LinkedHashMap<>();
		for (String property : properties) {
			int equals = property.indexOf('=');
			byKey.put(property.substring(0, equals), property.substring(equals + 1));
		}
		// as command-line arguments, so they win over application.yml (builder properties
		// are only defaults)
		return new SpringApplicationBuilder(VisitflowApplication.class).profiles("test")
			.run(byKey.entrySet().stream().map((e) -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new));
	}

	static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
