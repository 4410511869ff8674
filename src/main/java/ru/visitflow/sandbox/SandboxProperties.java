package ru.visitflow.sandbox;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The sandbox portal's own settings ({@code visitflow.bitrix24-sandbox}). Whether it runs
 * at all is the one explicit switch {@code visitflow.bitrix24.sandbox.enabled} (see
 * {@link ConditionalOnBitrix24Sandbox}). The portal is configured like a real one is set
 * up by hand: its Visit smart process, its outgoing webhook's handler URL and application
 * token; {@code application.yml} points these at what Visitflow expects.
 *
 * @param snapshotFile where the portal's state is kept between restarts; empty keeps it
 * in memory only (as under the {@code test} profile)
 * @param snapshotInterval at most one snapshot per interval; one more is written on
 * shutdown
 * @param requestsPerSecond how fast the portal's leaky bucket drains (2/s on all but
 * Enterprise plans)
 * @param burst how full the bucket may get before requests are refused with 503
 * QUERY_LIMIT_EXCEEDED
 * @param operatingBlock how long the OPERATION_LIMIT failure mode blocks methods before
 * it lifts itself
 * @param domain the portal's domain, as it appears in outbound events
 * ({@code auth[domain]})
 * @param memberId the portal's {@code auth[member_id]} in outbound events
 * @param eventHandlerId {@code event_handler_id} of the outgoing webhook
 * @param eventTimeout how long one event delivery may take before it counts as failed
 * @param seed create the demo portal (users, the Visit smart process, companies) on first
 * start
 * @param eventHandlerUrl where the outgoing webhook posts its events; {@code {port}}
 * stands for this server's port, known once it listens; empty sends none
 * @param applicationToken the outgoing webhook's {@code auth[application_token]}
 * @param smartProcess the Visit smart process's layout
 */
@ConfigurationProperties("visitflow.bitrix24-sandbox")
public record SandboxProperties(@DefaultValue("./data/bitrix24-sandbox.json") String snapshotFile,
		@DefaultValue("2s") Duration snapshotInterval, @DefaultValue("2") double requestsPerSecond,
		@DefaultValue("50") int burst, @DefaultValue("5s") Duration operatingBlock,
		@DefaultValue("visitflow-sandbox.bitrix24.ru") String domain,
		@DefaultValue("5f3c1e0a9b7d4c2e8a6f0b1d3c5e7a90") String memberId, @DefaultValue("17") int eventHandlerId,
		@DefaultValue("5s") Duration eventTimeout, @DefaultValue("true") boolean seed,
		@DefaultValue("http://localhost:{port}/bitrix24/events") String eventHandlerUrl,
		@DefaultValue("sandbox-application-token") String applicationToken,
		@DefaultValue SmartProcessSettings smartProcess) {

	/**
	 * @param entityTypeId the Visit smart process's entityTypeId
	 * @param categoryId its default pipeline's id; null means 11
	 * @param stages the codes of the default pipeline's stages, in board order
	 * @param fields the names of the user fields the portal adds to the item
	 */
	public record SmartProcessSettings(@DefaultValue("1036") int entityTypeId, Integer categoryId,
			@DefaultValue StageCodes stages, @DefaultValue FieldNames fields) {
	}

	/**
	 * Stage codes of the Visit pipeline, in board order; {@code none} leaves a stage out
	 * (a stock smart process).
	 */
	public record StageCodes(@DefaultValue("NEW") String draft, @DefaultValue("PREPARATION") String inWork,
			@DefaultValue("CLIENT") String repeatVisit, @DefaultValue("UC_OVERDUE") String overdue,
			@DefaultValue("SUCCESS") String completed, @DefaultValue("FAIL") String failed,
			@DefaultValue("UC_CANCELLED") String cancelled) {
	}

	/**
	 * User fields of the Visit item (camelCase as crm.item.* shows them, e.g.
	 * {@code ufCrm7_1739432938}); {@code none} leaves a field out, as on a portal that
	 * lacks it.
	 *
	 * @param plannedStartType {@code datetime}, or {@code date} for a date-only field
	 */
	public record FieldNames(@DefaultValue("ufCrmVisitStart") String plannedStart,
			@DefaultValue("datetime") String plannedStartType, @DefaultValue("ufCrmVisitType") String visitType,
			@DefaultValue("ufCrmVisitDuration") String durationMinutes) {
	}

}
