package ru.visitflow.bitrix24.portal;

import java.time.Duration;
import java.util.Locale;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import ru.visitflow.bitrix24.client.ClientSettings;
import ru.visitflow.bitrix24.inbound.Reconciliation;
import ru.visitflow.visit.VisitStage;

/**
 * How Visitflow reaches Bitrix24 and how the Visit smart process is laid out there.
 *
 * @param webhookUrl the inbound webhook, {@code https://portal/rest/{user}/{code}/}: a
 * secret, from the environment ({@code BITRIX24_WEBHOOK_URL}); empty means the built-in
 * sandbox if it is switched on, else no portal at all
 * @param entityTypeId the Visit smart process
 * @param categoryId its pipeline; null means the default one (in smart processes that is
 * not 0)
 * @param stages Visitflow stage → Bitrix24 stage code, the part after
 * {@code DT{entityTypeId}_{categoryId}:}
 * @param fields names of the item's fields Visitflow writes and reads
 * @param applicationToken the token Bitrix24 shows for the outgoing webhook; events
 * without it are refused
 * @param bpWebhookSecret the secret in the URL given to the business-process "Outbound
 * webhook" action
 * @param rateLimit the client-side leaky bucket (2/s and 50 by default; 5/s and 250 on
 * Enterprise)
 * @param retry retries of transient failures of one call
 * @param timeouts HTTP timeouts; Bitrix24 cuts a request at 60 s
 * @param sync the sync workers
 * @param reconciliation the periodic catch-up for events Bitrix24 never delivered
 * @param sandbox the built-in Bitrix24 emulator, used when no webhook URL is set
 */
@Validated
@ConfigurationProperties("visitflow.bitrix24")
public record Bitrix24Properties(String webhookUrl, @Positive int entityTypeId, Integer categoryId,
		@NotNull Map<VisitStage, String> stages, @NotNull @Valid Fields fields, String applicationToken,
		String bpWebhookSecret, @NotNull @Valid ClientSettings.RateLimit rateLimit,
		@NotNull @Valid ClientSettings.Retry retry, @NotNull @Valid ClientSettings.Timeouts timeouts,
		@NotNull @Valid Sync sync, @NotNull @Valid Reconciliation reconciliation, @NotNull @Valid Sandbox sandbox,
		@NotNull @Valid CompanyFields companyFields) {

	/**
	 * The company card fields Visitflow reads and writes besides the standard ones, as
	 * {@code crm.company.*} names them ({@code UF_CRM_…}, UPPER_CASE); each is checked
	 * against {@code crm.company.fields} at start (exists, of a fitting type), what is
	 * wrong named in health and the log with the portal's fields that would fit. Empty:
	 * not used.
	 *
	 * @param coordinates "lat,lon" the map uses instead of geocoding the address (a
	 * string field)
	 * @param openingHours the opening hours routes plan with and reps edit (a string
	 * field)
	 * @param decisionMaker who decides at the client (a string field)
	 * @param productsOfInterest what the client is interested in (a string field)
	 * @param extra further fields the field app shows and lets reps edit, in this order
	 */
	public record CompanyFields(String coordinates, String openingHours, String decisionMaker,
			String productsOfInterest, @Valid List<ExtraField> extra) {

		@ConstructorBinding
		public CompanyFields {
			extra = (extra == null) ? List.of() : List.copyOf(extra);
		}

		/** Only coordinates and opening hours, as a portal keeping nothing else. */
		public CompanyFields(String coordinates, String openingHours) {
			this(coordinates, openingHours, null, null, List.of());
		}

		/** The configured names, those not used left out. */
		public List<String> names() {
			List<String> names = new ArrayList<>();
			for (String name : new String[] { this.coordinates, this.openingHours, this.decisionMaker,
					this.productsOfInterest }) {
				if (name != null && !name.isBlank()) {
					names.add(name.trim());
				}
			}
			for (ExtraField field : this.extra) {
				names.add(field.name().trim());
			}
			return names;
		}

	}

	/**
	 * A further company field shown and edited in the field app.
	 *
	 * @param name its name in {@code crm.company.*} ({@code UF_CRM_…})
	 * @param labelKey a message key naming it in the app (e.g. in
	 * {@code i18n/field.properties}); optional
	 * @param label its name when no key is given; optional, else the portal's label
	 */
	public record ExtraField(@NotBlank String name, String labelKey, String label) {
	}

	/** A real portal's inbound webhook is configured. */
	public boolean hasWebhook() {
		return this.webhookUrl != null && !this.webhookUrl.isBlank();
	}

	/**
	 * Visitflow talks to the built-in sandbox: no webhook, and the sandbox explicitly
	 * switched on.
	 */
	public boolean usesSandbox() {
		return !hasWebhook() && this.sandbox != null && this.sandbox.enabled();
	}

	/**
	 * There is a portal to talk to, real or the sandbox; without one Visitflow syncs
	 * nothing.
	 */
	public boolean hasPortal() {
		return hasWebhook() || usesSandbox();
	}

	/** The background sync runs: switched on, and there is a portal to sync with. */
	public boolean syncs() {
		return this.sync != null && this.sync.enabled() && hasPortal();
	}

	/**
	 * What the portal is, for health and logs: never the webhook URL, which is a secret.
	 */
	public String portalDescription() {
		return hasWebhook() ? "configured webhook" : usesSandbox() ? "built-in sandbox" : "none";
	}

	/** The Visit items' owner type on the timeline: {@code dynamic_1036}. */
	public String timelineEntityType() {
		return "dynamic_" + this.entityTypeId;
	}

	/**
	 * A CRM binding of a Visit item, as tasks take it: {@code T40c_12} for item 12 of
	 * type 1036.
	 */
	public String crmBinding(long itemId) {
		return "T" + Integer.toHexString(this.entityTypeId) + "_" + itemId;
	}

	/**
	 * The language of what Visitflow writes into the portal (names, comments): the
	 * portal's, Russian.
	 */
	public static final Locale PORTAL_LOCALE = Locale.forLanguageTag("ru");

	/** What the client needs of these settings. */
	public ClientSettings client() {
		return new ClientSettings(this.rateLimit, this.retry, this.timeouts);
	}

	/** Field names on the Visit item (camelCase as crm.item.* uses them). */
	public record Fields(@NotNull String plannedStart, @NotNull String visitType, @NotNull String durationMinutes) {
	}

	/**
	 * @param batchSize external tasks fetched at once; their commands go out in batches
	 * of up to 50
	 * @param pollInterval pause between fetches when nothing was waiting
	 * @param lockDuration how long a fetched task is reserved for this node
	 * @param retries attempts before a task becomes an incident in Cockpit
	 * @param retryBackoff first pause after a failure; it doubles with each attempt
	 * @param incidentRetry how often incidents that were not Bitrix24's refusal (an
	 * outage, a timeout) are sent round again, once a probe shows Bitrix24 answers
	 */
	public record Sync(boolean enabled, @Positive int batchSize, @NotNull Duration pollInterval,
			@NotNull Duration lockDuration, @Positive int retries, @NotNull Duration retryBackoff,
			@DefaultValue("1m") @NotNull Duration incidentRetry) {
	}

	public record Reconciliation(boolean enabled, @NotNull Duration interval, @NotNull Duration overlap) {
	}

	/**
	 * @param enabled serve the emulator and talk to it when no webhook URL is set: on in
	 * the embedded default, off in the {@code postgres} profile and docker-compose
	 * ({@code VISITFLOW_SANDBOX_ENABLED})
	 */
	public record Sandbox(boolean enabled) {
	}

}
