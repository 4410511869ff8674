package ru.visitflow.bitrix24.sandbox;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The sandbox's own settings; whether it runs at all, where it posts events and whether it seeds the demo
 * portal stay under {@code visitflow.bitrix24.sandbox}.
 *
 * @param snapshotFile where the portal's state is kept between restarts; empty keeps it in memory only (as
 * under the {@code test} profile)
 * @param snapshotInterval at most one snapshot per interval; one more is written on shutdown
 * @param requestsPerSecond how fast the portal's leaky bucket drains (2/s on all but Enterprise plans)
 * @param burst how full the bucket may get before requests are refused with 503 QUERY_LIMIT_EXCEEDED
 * @param operatingBlock how long the OPERATION_LIMIT failure mode blocks methods before it lifts itself
 * @param domain the portal's domain, as it appears in outbound events ({@code auth[domain]})
 * @param memberId the portal's {@code auth[member_id]} in outbound events
 * @param eventHandlerId {@code event_handler_id} of the outgoing webhook
 * @param eventTimeout how long one event delivery may take before it counts as failed
 */
@ConfigurationProperties("visitflow.bitrix24-sandbox")
public record Bitrix24SandboxProperties(@DefaultValue("./data/bitrix24-sandbox.json") String snapshotFile,
		@DefaultValue("2s") Duration snapshotInterval, @DefaultValue("2") double requestsPerSecond,
		@DefaultValue("50") int burst, @DefaultValue("5s") Duration operatingBlock,
		@DefaultValue("visitflow-sandbox.bitrix24.ru") String domain,
		@DefaultValue("5f3c1e0a9b7d4c2e8a6f0b1d3c5e7a90") String memberId, @DefaultValue("17") int eventHandlerId,
		@DefaultValue("5s") Duration eventTimeout) {
}
