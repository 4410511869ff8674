package ru.visitflow.bitrix24.inbound;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import ru.visitflow.bitrix24.portal.Bitrix24Properties;
import ru.visitflow.system.EngineClock;
import ru.visitflow.system.InvalidInputException;
import ru.visitflow.visit.LifecycleProperties;
import ru.visitflow.visit.VisitTimes;

/**
 * Where Bitrix24 calls Visitflow: outbound events ({@code /bitrix24/events}, verified by
 * the outgoing webhook's application token) and the business-process "Outbound webhook"
 * action ({@code /bitrix24/bp/visits?secret=…}, which sends only {@code document_id}).
 * Both answer at once and leave the work to the inbox; nothing is done for a request that
 * fails a check.
 */
@RestController
@RequestMapping("/bitrix24")
class Bitrix24EventController {

	static final Set<String> ITEM_EVENTS = Set.of("ONCRMDYNAMICITEMADD", "ONCRMDYNAMICITEMUPDATE",
			"ONCRMDYNAMICITEMDELETE");

	static final Set<String> COMPANY_EVENTS = Set.of("ONCRMCOMPANYADD", "ONCRMCOMPANYUPDATE");

	static final String BP_CREATE_VISIT = "BP_CREATE_VISIT";

	static final String SANDBOX_APPLICATION_TOKEN = "sandbox-application-token";

	static final String SANDBOX_BP_SECRET = "sandbox-bp-secret";

	private static final Logger logger = LoggerFactory.getLogger(Bitrix24EventController.class);

	private final Bitrix24Inbox inbox;

	private final Bitrix24Properties properties;

	private final LifecycleProperties lifecycle;

	private final ObjectMapper json;

	/**
	 * Refused calls come from anyone: one warning a minute at most, their values made
	 * safe.
	 */
	private final RefusalLog refusals = new RefusalLog(logger, Duration.ofMinutes(1), Clock.systemUTC());

	Bitrix24EventController(Bitrix24Inbox inbox, Bitrix24Properties properties, LifecycleProperties lifecycle,
			ObjectMapper json) {
		this.inbox = inbox;
		this.properties = properties;
		this.lifecycle = lifecycle;
		this.json = json;
	}

	@PostMapping(path = "/events", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
	ResponseEntity<Object> event(@RequestParam MultiValueMap<String, String> form) {
		if (!matches(form.getFirst("auth[application_token]"), configured(this.properties.applicationToken(),
				SANDBOX_APPLICATION_TOKEN, "BITRIX24_APPLICATION_TOKEN"))) {
			this.refusals.warn("Refused a Bitrix24 event {} without the right application token",
					form.getFirst("event"));
			return unauthorized("invalid_token", "auth[application_token] is missing or wrong");
		}
		String event = (form.getFirst("event") != null) ? form.getFirst("event").trim().toUpperCase() : "";
		if (event.isEmpty()) {
			throw new InvalidInputException("event", "required", "must be given");
		}
		if (!ITEM_EVENTS.contains(event) && !COMPANY_EVENTS.contains(event)) {
			throw new InvalidInputException("event", "unknown", "'" + event + "' is not an event Visitflow handles; "
					+ "subscribe only to " + ITEM_EVENTS + " and " + COMPANY_EVENTS);
		}
		long id = positiveLong(form.getFirst("data[FIELDS][ID]"), "data[FIELDS][ID]");
		Integer entityTypeId = null;
		if (ITEM_EVENTS.contains(event)) {
			entityTypeId = (int) positiveLong(form.getFirst("data[FIELDS][ENTITY_TYPE_ID]"),
					"data[FIELDS][ENTITY_TYPE_ID]");
			if (entityTypeId != this.properties.entityTypeId()) {
				// another smart process: not ours, nothing to do
				return ResponseEntity.ok(Map.of("accepted", false, "reason", "not the Visit smart process"));
			}
		}
		this.inbox.add(event, entityTypeId, id, null);
		return ResponseEntity.ok(Map.of("accepted", true));
	}

	/**
	 * The business-process action on a company or deal card: {@code document_id[2]} is
	 * {@code COMPANY_123} or {@code DEAL_45}; {@code date} (and optionally {@code time},
	 * {@code type}, {@code rep} as a Bitrix24 user id) come in the URL the designer wrote
	 * into the action.
	 */
	@PostMapping(path = "/bp/visits")
	ResponseEntity<Object> businessProcess(@RequestParam MultiValueMap<String, String> form) {
		if (!matches(form.getFirst("secret"),
				configured(this.properties.bpWebhookSecret(), SANDBOX_BP_SECRET, "BITRIX24_BP_SECRET"))) {
			this.refusals.warn("Refused a business-process webhook call without the right secret");
			return unauthorized("invalid_secret", "the secret in the URL is missing or wrong");
		}
		String document = form.getFirst("document_id[2]");
		if (document == null || !document.matches("(COMPANY|DEAL)_\\d{1,18}")) {
			throw new InvalidInputException("document_id[2]", "invalid",
					"must be COMPANY_<id> or DEAL_<id>, as a company or deal business process sends it");
		}
		String date = form.getFirst("date");
		if (date == null || date.isBlank()) {
			throw new InvalidInputException("date", "required",
					"give the visit date in the action's URL: &date=2026-12-01");
		}
		try {
			if (date.length() == 10) {
				LocalDate.parse(date);
			}
			else {
				LocalDateTime.parse(date);
			}
		}
		catch (DateTimeParseException ex) {
			throw new InvalidInputException("date", "format", "'" + date + "' is not 2026-12-01 or 2026-12-01T10:00");
		}
		VisitTimes.withinBounds(LocalDate.parse(date.substring(0, 10)).atStartOfDay(ZoneOffset.UTC).toInstant(), "date",
				new EngineClock().instant());
		String type = form.getFirst("type");
		if (type != null && this.lifecycle.visitType(type).isEmpty()) {
			throw new InvalidInputException("type", "unknown", "'" + type + "' is not a visit type");
		}
		String rep = form.getFirst("rep");
		if (rep != null && !rep.matches("\\d+")) {
			throw new InvalidInputException("rep", "format", "must be a Bitrix24 user id");
		}
		long id = Long.parseLong(document.substring(document.indexOf('_') + 1));
		Map<String, String> request = new LinkedHashMap<>();
		request.put("document", document.substring(0, document.indexOf('_')));
		request.put("date", date);
		if (type != null) {
			request.put("type", type);
		}
		if (rep != null) {
			request.put("rep", rep);
		}
		try {
			this.inbox.add(BP_CREATE_VISIT, null, id, this.json.writeValueAsString(request));
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException(ex);
		}
		return ResponseEntity.accepted().body(Map.of("accepted", true));
	}

	/**
	 * The secret to check against, or null to refuse every call. Without a portal nothing
	 * is accepted (the sandbox's published token included); with a real portal the
	 * sandbox's well-known defaults are refused, so a forgotten setting cannot let anyone
	 * who read this code steer visits.
	 */
	private String configured(String secret, String sandboxDefault, String variable) {
		if (!this.properties.hasPortal()) {
			logger.warn("No Bitrix24 portal is configured; refusing a call to the Bitrix24 endpoints");
			return null;
		}
		if (this.properties.hasWebhook() && (secret == null || secret.isBlank() || secret.equals(sandboxDefault))) {
			logger.error("{} is not set for the configured Bitrix24 portal; refusing its calls", variable);
			return null;
		}
		return secret;
	}

	/**
	 * 401 as problem details, with the OAuth-style {@code error} code a Bitrix24
	 * integrator expects.
	 */
	private static ResponseEntity<Object> unauthorized(String error, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED, detail);
		problem.setTitle("Unauthorized");
		problem.setType(URI.create("about:blank"));
		problem.setProperty("error", error);
		return ResponseEntity.status(HttpStatus.UNAUTHORIZED).body(problem);
	}

	private static long positiveLong(String value, String field) {
		if (value == null || value.isBlank()) {
			throw new InvalidInputException(field, "required", "must be given");
		}
		try {
			long parsed = Long.parseLong(value.trim());
			if (parsed <= 0) {
				throw new NumberFormatException();
			}
			return parsed;
		}
		catch (NumberFormatException ex) {
			throw new InvalidInputException(field, "format", "'" + value + "' is not a positive id");
		}
	}

	/** Constant-time, so the token cannot be guessed from response times. */
	static boolean matches(String given, String expected) {
		if (given == null || expected == null || expected.isEmpty()) {
			return false;
		}
		return MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
	}

}
