package ru.visitflow.sandbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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
 * @param companyFields the user fields the portal defines on companies
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
		@DefaultValue SmartProcessSettings smartProcess, @DefaultValue CompanyUserFields companyFields) {

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

	/**
	 * The company user fields the portal defines, as {@code crm.company.fields} lists
	 * them (UPPER_CASE {@code UF_CRM_…}), each {@code NAME} or {@code NAME:type} (a
	 * Bitrix24 user field type, {@code string} by default); {@code none} or empty leaves
	 * one out. The seed fills the first four with demo values.
	 *
	 * @param coordinates "lat,lon"
	 * @param openingHours opening hours as people write them
	 * @param decisionMaker the client's decision maker
	 * @param productsOfInterest what the client is interested in
	 * @param more further user fields, empty in the seed
	 */
	public record CompanyUserFields(@DefaultValue("UF_CRM_COORDINATES") String coordinates,
			@DefaultValue("UF_CRM_OPENING_HOURS") String openingHours,
			@DefaultValue("UF_CRM_DECISION_MAKER") String decisionMaker,
			@DefaultValue("UF_CRM_PRODUCTS") String productsOfInterest, @DefaultValue("") List<String> more) {

		/** The defaults, as without configuration. */
		public static CompanyUserFields defaults() {
			return new CompanyUserFields("UF_CRM_COORDINATES", "UF_CRM_OPENING_HOURS", "UF_CRM_DECISION_MAKER",
					"UF_CRM_PRODUCTS", List.of());
		}

		/** The defined fields: name → type, in order. */
		public Map<String, String> defined() {
			Map<String, String> defined = new LinkedHashMap<>();
			List<String> all = new ArrayList<>(
					Arrays.asList(this.coordinates, this.openingHours, this.decisionMaker, this.productsOfInterest));
			if (this.more != null) {
				all.addAll(this.more);
			}
			for (String entry : all) {
				String name = name(entry);
				if (name != null) {
					int colon = entry.indexOf(':');
					defined.put(name, (colon < 0) ? "string" : entry.substring(colon + 1).trim());
				}
			}
			return defined;
		}

		/** The field's name in an entry, null when it leaves the field out. */
		public static String name(String entry) {
			if (entry == null || entry.isBlank() || entry.trim().equalsIgnoreCase("none")) {
				return null;
			}
			int colon = entry.indexOf(':');
			return ((colon < 0) ? entry : entry.substring(0, colon)).trim().toUpperCase(Locale.ROOT);
		}

	}

}
