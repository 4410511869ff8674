package ru.visitflow.sandbox;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import org.springframework.stereotype.Component;

/**
 * Users' calendars ({@code calendar.event.*}): sections, time zones, locale-formatted
 * dates and the {@code *_TS_UTC} seconds, as the calendar module answers. All state is
 * the portal's, behind its lock.
 */
@Component
@ConditionalOnBitrix24Sandbox
@SuppressWarnings("unchecked")
class SandboxCalendar {

	private final SandboxPortal portal;

	SandboxCalendar(SandboxPortal portal) {
		this.portal = portal;
	}

	private static String missingParam(String param, String method) {
		return "The required parameter \"" + param + "\" for the method \"" + method + "\" is not set";
	}

	long addCalendarEvent(Map<String, Object> params, long actor) {
		String method = "calendar.event.add";
		synchronized (this.portal.lock) {
			ZoneId zone = eventZone(params, actor);
			Instant from = eventTime(params, "from", "from_ts", zone);
			Instant to = eventTime(params, "to", "to_ts", zone);
			for (String param : List.of("from", "to", "name", "ownerId", "type")) {
				Object value = switch (param) {
					case "from" -> from;
					case "to" -> to;
					default -> params.get(param);
				};
				if (SandboxPortal.phpEmpty(value)
						&& !(param.equals("ownerId") && params.containsKey("ownerId") && value != null)) {
					throw RestError.noCode(missingParam(param, method));
				}
			}
			if (!(params.get("name") instanceof String)) {
				throw RestError.noCode("Invalid value for the \"name\" parameter.");
			}
			if (params.containsKey("description") && !(params.get("description") instanceof String)) {
				throw RestError.noCode("Invalid value for the \"description\" parameter.");
			}
			if (params.containsKey("auto_detect_section") && !"Y".equals(params.get("auto_detect_section"))
					&& SandboxPortal.phpEmpty(params.get("section"))) {
				throw RestError.noCode(missingParam("section", method));
			}
			String type = String.valueOf(params.get("type"));
			long ownerId = ListQuery.number(params.get("ownerId")) != null
					? ListQuery.number(params.get("ownerId")).longValue() : 0;
			String section = section(type, ownerId, params.get("section"))
				.orElseThrow(() -> RestError.noCode("CAL_REST_SECTION_ERROR"));
			long id = ++this.portal.state.lastCalendarEventId;
			Instant now = this.portal.now();
			Map<String, Object> event = new LinkedHashMap<>();
			event.put("id", id);
			event.put("type", type);
			event.put("ownerId", ownerId);
			event.put("name", ((String) params.get("name")).trim());
			event.put("from", from.getEpochSecond());
			event.put("to", to.getEpochSecond());
			boolean skipTime = "Y".equals(params.get("skip_time")) || "Y".equals(params.get("skipTime"));
			event.put("skipTime", skipTime);
			event.put("tzFrom", skipTime ? "" : zone.getId());
			event.put("tzTo", skipTime ? "" : eventZoneTo(params, zone).getId());
			event.put("section", section);
			event.put("createdBy", actor);
			event.put("created", now.getEpochSecond());
			event.put("modified", now.getEpochSecond());
			event.put("davXmlId", UUID.nameUUIDFromBytes(("event-" + id).getBytes()).toString().replace("-", ""));
			applyCalendarOptions(event, params, actor);
			this.portal.state.calendarEvents.put(id, event);
			this.portal.changed();
			return id;
		}
	}

	long updateCalendarEvent(Map<String, Object> params, long actor) {
		String method = "calendar.event.update";
		synchronized (this.portal.lock) {
			for (String param : List.of("id", "ownerId", "type")) {
				Object value = params.get(param);
				if (SandboxPortal.phpEmpty(value) && !(param.equals("ownerId") && value != null)) {
					throw RestError.noCode(missingParam(param, method) + ".");
				}
			}
			// the method checks that name is a string even when it is not being changed
			if (!(params.get("name") instanceof String)) {
				throw RestError.noCode("Invalid value for the \"name\" parameter.");
			}
			if (params.containsKey("description") && !(params.get("description") instanceof String)) {
				throw RestError.noCode("Invalid value for the \"description\" parameter.");
			}
			long id = ListQuery.number(params.get("id")) != null ? ListQuery.number(params.get("id")).longValue() : 0;
			Map<String, Object> event = this.portal.state.calendarEvents.get(id);
			if (event == null) {
				throw RestError.noCode("An error occurred while modifying the event.");
			}
			String type = String.valueOf(params.get("type"));
			long ownerId = ListQuery.number(params.get("ownerId")) != null
					? ListQuery.number(params.get("ownerId")).longValue() : 0;
			if (!SandboxPortal.isBlank(params.get("section"))) {
				event.put("section", section(type, ownerId, params.get("section"))
					.orElseThrow(() -> RestError.noCode("CAL_REST_SECTION_ERROR")));
			}
			ZoneId zone = eventZone(params, actor);
			Instant from = eventTime(params, "from", "from_ts", zone);
			Instant to = eventTime(params, "to", "to_ts", zone);
			if (params.containsKey("skip_time") || params.containsKey("skipTime")) {
				event.put("skipTime", "Y".equals(params.get("skip_time")) || "Y".equals(params.get("skipTime")));
			}
			if (from != null) {
				event.put("from", from.getEpochSecond());
			}
			if (to != null) {
				event.put("to", to.getEpochSecond());
			}
			if (params.containsKey("timezone_from") && !Boolean.TRUE.equals(event.get("skipTime"))) {
				event.put("tzFrom", zone.getId());
				event.put("tzTo", eventZoneTo(params, zone).getId());
			}
			String name = ((String) params.get("name")).trim();
			event.put("name", name.isEmpty() ? SandboxSeed.DEFAULT_EVENT_NAME : name);
			event.put("modified", this.portal.now().getEpochSecond());
			applyCalendarOptions(event, params, actor);
			this.portal.changed();
			return id;
		}
	}

	boolean deleteCalendarEvent(Object idParam) {
		BigDecimal id = ListQuery.number(idParam);
		if (idParam == null || id == null || id.longValue() <= 0) {
			throw RestError.noCode("Event id not specified");
		}
		synchronized (this.portal.lock) {
			if (this.portal.state.calendarEvents.remove(id.longValue()) == null) {
				throw RestError.noCode("An error occurred while deleting the event");
			}
		}
		this.portal.changed();
		return true;
	}

	/**
	 * The event or null (the method answers {@code "result": null} for an unknown id).
	 */
	Map<String, Object> calendarEvent(Object idParam, long viewer) {
		if (SandboxPortal.phpEmpty(idParam)) {
			throw RestError.noCode(missingParam("id", "calendar.event.getbyid"));
		}
		BigDecimal id = ListQuery.number(idParam);
		synchronized (this.portal.lock) {
			Map<String, Object> event = (id != null) ? this.portal.state.calendarEvents.get(id.longValue()) : null;
			return (event != null) ? renderCalendarEvent(event, viewer) : null;
		}
	}

	List<Map<String, Object>> calendarEvents(Map<String, Object> params, long viewer) {
		for (String param : List.of("type", "ownerId")) {
			if (!params.containsKey(param) || params.get(param) == null) {
				throw RestError.noCode(missingParam(param, "calendar.event.get"));
			}
		}
		String type = String.valueOf(params.get("type"));
		BigDecimal owner = ListQuery.number(params.get("ownerId"));
		long ownerId = (owner != null) ? owner.longValue() : 0;
		Instant today = LocalDate.now(this.portal.clock.withZone(SandboxTime.PORTAL_ZONE))
			.atStartOfDay(SandboxTime.PORTAL_ZONE)
			.toInstant();
		Instant from = Optional.ofNullable(SandboxTime.parse(params.get("from")))
			.orElse(today.minus(Duration.ofDays(31)));
		Instant to = Optional.ofNullable(SandboxTime.parse(params.get("to"))).orElse(today.plus(Duration.ofDays(92)));
		List<String> sections = ListQuery.asStrings(params.get("section"));
		synchronized (this.portal.lock) {
			return this.portal.state.calendarEvents.values()
				.stream()
				.filter((event) -> type.equals(event.get("type"))
						&& SandboxPortal.asLong(event.get("ownerId")) == ownerId)
				.filter((event) -> sections.isEmpty() || sections.contains(String.valueOf(event.get("section"))))
				.filter((event) -> SandboxPortal.asLong(event.get("to")) >= from.getEpochSecond()
						&& SandboxPortal.asLong(event.get("from")) <= to.plus(Duration.ofDays(1)).getEpochSecond())
				.sorted(Comparator
					.comparingLong((Map<String, Object> event) -> SandboxPortal.asLong(event.get("from"))))
				.map((event) -> renderCalendarEvent(event, viewer))
				.toList();
		}
	}

	/**
	 * Calendar sections: each user's own calendar (id = user id + 3), the company
	 * calendar (1); no groups.
	 */
	private Optional<String> section(String type, long ownerId, Object requested) {
		String available = switch (type) {
			case "user" -> this.portal.findUser(ownerId).isPresent() ? String.valueOf(ownerId + 3) : null;
			case "company_calendar" -> "1";
			default -> null;
		};
		if (available == null) {
			return Optional.empty();
		}
		if (!SandboxPortal.isBlank(requested) && !available.equals(String.valueOf(requested))) {
			return Optional.empty();
		}
		return Optional.of(available);
	}

	/**
	 * The event's zone: as Bitrix24 documents it, {@code timezone_from} applies to naive
	 * times only; when {@code from} carries an offset (or none is given) the zone
	 * parameters are ignored and the event gets the calling user's zone.
	 */
	private ZoneId eventZone(Map<String, Object> params, long actor) {
		Object zone = params.get("timezone_from");
		Object from = params.get("from");
		boolean naive = !SandboxPortal.isBlank(from)
				&& !String.valueOf(from).trim().matches(".*(Z|[+-]\\d\\d:?\\d\\d)$");
		if (naive && !SandboxPortal.isBlank(zone)) {
			try {
				return ZoneId.of(String.valueOf(zone));
			}
			catch (RuntimeException ex) {
				// an unknown zone: Bitrix24 falls back to the user's
			}
		}
		return this.portal.zoneOf(actor);
	}

	private static ZoneId eventZoneTo(Map<String, Object> params, ZoneId from) {
		Object zone = params.get("timezone_to");
		Object to = params.get("to");
		boolean naive = !SandboxPortal.isBlank(to) && !String.valueOf(to).trim().matches(".*(Z|[+-]\\d\\d:?\\d\\d)$");
		if (naive && !SandboxPortal.isBlank(zone)) {
			try {
				return ZoneId.of(String.valueOf(zone));
			}
			catch (RuntimeException ex) {
				// as timezone_from
			}
		}
		return from;
	}

	private static Instant eventTime(Map<String, Object> params, String name, String tsName, ZoneId zone) {
		if (!SandboxPortal.isBlank(params.get(name))) {
			return SandboxTime.parse(params.get(name), zone);
		}
		if (!SandboxPortal.isBlank(params.get(tsName))) {
			BigDecimal seconds = ListQuery.number(params.get(tsName));
			return (seconds != null) ? Instant.ofEpochSecond(seconds.longValue()) : null;
		}
		return null;
	}

	private void applyCalendarOptions(Map<String, Object> event, Map<String, Object> params, long actor) {
		for (String option : List.of("description", "location", "color", "accessibility", "importance")) {
			if (params.containsKey(option)) {
				event.put(option, (params.get(option) == null) ? null : String.valueOf(params.get(option)).trim());
			}
		}
		if (params.containsKey("private_event")) {
			event.put("privateEvent", "Y".equals(params.get("private_event")));
		}
		if (params.containsKey("remind")) {
			event.put("remind", SandboxPortal.copy(ListQuery.asMap(params.get("remind")).values().stream().toList()));
		}
		if (params.containsKey("crm_fields")) {
			event.put("crm", new ArrayList<>(ListQuery.asStrings(params.get("crm_fields"))));
		}
		if (params.containsKey("is_meeting")) {
			boolean meeting = "Y".equals(params.get("is_meeting"));
			event.put("meeting", meeting);
			// is_meeting=Y without attendees clears them
			List<Long> attendees = new ArrayList<>();
			if (meeting) {
				for (String attendee : ListQuery.asStrings(params.get("attendees"))) {
					BigDecimal userId = ListQuery.number(attendee);
					if (userId != null && !attendees.contains(userId.longValue())) {
						attendees.add(userId.longValue());
					}
				}
				event.put("host",
						SandboxPortal.isBlank(params.get("host")) ? actor : SandboxPortal.asLong(params.get("host")));
			}
			event.put("attendees", attendees);
		}
	}

	/**
	 * The shape of calendar.event.getbyid: locale-formatted dates plus the
	 * {@code *_TS_UTC} seconds.
	 */
	private Map<String, Object> renderCalendarEvent(Map<String, Object> event, long viewer) {
		boolean skipTime = Boolean.TRUE.equals(event.get("skipTime"));
		ZoneId zoneFrom = skipTime || SandboxPortal.isBlank(event.get("tzFrom")) ? SandboxTime.PORTAL_ZONE
				: ZoneId.of((String) event.get("tzFrom"));
		ZoneId zoneTo = skipTime || SandboxPortal.isBlank(event.get("tzTo")) ? zoneFrom
				: ZoneId.of((String) event.get("tzTo"));
		Instant from = Instant.ofEpochSecond(SandboxPortal.asLong(event.get("from")));
		Instant to = Instant.ofEpochSecond(SandboxPortal.asLong(event.get("to")));
		Instant created = Instant.ofEpochSecond(SandboxPortal.asLong(event.get("created")));
		Instant modified = Instant.ofEpochSecond(SandboxPortal.asLong(event.get("modified")));
		String id = String.valueOf(event.get("id"));
		long owner = SandboxPortal.asLong(event.get("ownerId"));
		boolean meeting = Boolean.TRUE.equals(event.get("meeting"));
		long host = event.get("host") != null ? SandboxPortal.asLong(event.get("host"))
				: SandboxPortal.asLong(event.get("createdBy"));
		ZoneId viewerZone = this.portal.zoneOf(viewer);
		Map<String, Object> out = new LinkedHashMap<>();
		out.put("ID", id);
		out.put("PARENT_ID", id);
		out.put("DELETED", "N");
		out.put("CAL_TYPE", event.get("type"));
		out.put("OWNER_ID", String.valueOf(owner));
		out.put("NAME", event.get("name"));
		out.put("DATE_FROM", skipTime ? SandboxTime.russianDate(from, zoneFrom) : SandboxTime.russian(from, zoneFrom));
		out.put("DATE_TO", skipTime ? SandboxTime.russianDate(to, zoneTo) : SandboxTime.russian(to, zoneTo));
		out.put("ORIGINAL_DATE_FROM", null);
		out.put("TZ_FROM", event.get("tzFrom"));
		out.put("TZ_TO", event.get("tzTo"));
		out.put("TZ_OFFSET_FROM", String.valueOf(zoneFrom.getRules().getOffset(from).getTotalSeconds()));
		out.put("TZ_OFFSET_TO", String.valueOf(zoneTo.getRules().getOffset(to).getTotalSeconds()));
		out.put("DATE_FROM_TS_UTC", String.valueOf(from.getEpochSecond()));
		out.put("DATE_TO_TS_UTC", String.valueOf(to.getEpochSecond()));
		out.put("DT_SKIP_TIME", skipTime ? "Y" : "N");
		out.put("DT_LENGTH", (int) (to.getEpochSecond() - from.getEpochSecond() + (skipTime ? 86_400 : 0)));
		out.put("EVENT_TYPE", null);
		out.put("CREATED_BY", String.valueOf(event.get("createdBy")));
		out.put("DATE_CREATE", SandboxTime.russian(created, viewerZone));
		out.put("TIMESTAMP_X", SandboxTime.russian(modified, viewerZone));
		out.put("DESCRIPTION", Objects.toString(event.get("description"), ""));
		out.put("PRIVATE_EVENT", Boolean.TRUE.equals(event.get("privateEvent")) ? "1" : "");
		out.put("ACCESSIBILITY", Objects.toString(event.get("accessibility"), "busy"));
		out.put("IMPORTANCE", Objects.toString(event.get("importance"), "normal"));
		out.put("IS_MEETING", meeting);
		out.put("MEETING_STATUS", "H");
		out.put("MEETING_HOST", String.valueOf(host));
		Map<String, Object> meetingInfo = new LinkedHashMap<>();
		meetingInfo.put("HOST_NAME", this.portal.userName(host));
		meetingInfo.put("NOTIFY", false);
		meetingInfo.put("REINVITE", false);
		meetingInfo.put("ALLOW_INVITE", false);
		meetingInfo.put("HIDE_GUESTS", false);
		meetingInfo.put("MEETING_CREATOR", host);
		meetingInfo.put("LANGUAGE_ID", "ru");
		meetingInfo.put("MAIL_FROM", "");
		out.put("MEETING", meetingInfo);
		out.put("LOCATION", Objects.toString(event.get("location"), ""));
		out.put("REMIND", (event.get("remind") != null) ? SandboxPortal.copy(event.get("remind")) : List.of());
		out.put("COLOR", Objects.toString(event.get("color"), "#9dcf00"));
		out.put("RRULE", "");
		out.put("EXDATE", "");
		out.put("DAV_XML_ID", SandboxTime.iso(from, ZoneOffset.UTC).replaceAll("[-:]", "").replace("+0000", "Z") + "-"
				+ event.get("davXmlId") + "@" + "visitflow-sandbox.bitrix24.ru");
		out.put("G_EVENT_ID", "");
		out.put("DAV_EXCH_LABEL", "");
		out.put("CAL_DAV_LABEL", "");
		out.put("VERSION", "1");
		List<Long> attendees = new ArrayList<>();
		if (event.get("attendees") instanceof List<?> list) {
			list.forEach((attendee) -> attendees.add(SandboxPortal.asLong(attendee)));
		}
		if (attendees.isEmpty()) {
			attendees.add(owner);
		}
		out.put("ATTENDEES_CODES", attendees.stream().map((user) -> "U" + user).toList());
		out.put("RECURRENCE_ID", null);
		out.put("RELATIONS", "");
		out.put("SECTION_ID", String.valueOf(event.get("section")));
		out.put("SYNC_STATUS", null);
		Object crm = event.get("crm");
		out.put("UF_CRM_CAL_EVENT",
				(crm instanceof List<?> list && !list.isEmpty()) ? SandboxPortal.copy(list) : false);
		out.put("UF_WEBDAV_CAL_EVENT", false);
		out.put("SECTION_DAV_XML_ID", null);
		DateTimeFormatter formatted = DateTimeFormatter.ofPattern("EEE MMM dd yyyy HH:mm:ss", Locale.ENGLISH);
		out.put("DATE_FROM_FORMATTED", formatted.format(from.atZone(zoneFrom)));
		out.put("DATE_TO_FORMATTED", formatted.format(to.atZone(zoneTo)));
		out.put("SECT_ID", String.valueOf(event.get("section")));
		List<Map<String, Object>> attendeeList = new ArrayList<>();
		List<Map<String, Object>> entities = new ArrayList<>();
		for (Long attendee : attendees) {
			Map<String, Object> row = new LinkedHashMap<>();
			row.put("id", attendee);
			row.put("entryId", id);
			row.put("status", (attendee == host) ? "H" : "Q");
			attendeeList.add(row);
			Map<String, Object> entity = new LinkedHashMap<>();
			entity.put("entityId", "user");
			entity.put("id", attendee);
			entities.add(entity);
		}
		out.put("ATTENDEE_LIST", attendeeList);
		out.put("COLLAB_ID", null);
		out.put("attendeesEntityList", entities);
		out.put("~DESCRIPTION", Objects.toString(event.get("description"), ""));
		out.put("~USER_OFFSET_FROM", viewerZone.getRules().getOffset(from).getTotalSeconds());
		out.put("~USER_OFFSET_TO", viewerZone.getRules().getOffset(to).getTotalSeconds());
		return out;
	}

	List<Map<String, Object>> calendarEventsOf(long ownerId) {
		synchronized (this.portal.lock) {
			return this.portal.state.calendarEvents.values()
				.stream()
				.filter((event) -> "user".equals(event.get("type"))
						&& SandboxPortal.asLong(event.get("ownerId")) == ownerId)
				.map((event) -> renderCalendarEvent(event, ownerId))
				.toList();
		}
	}

}
