package ru.visitflow.sandbox;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * {@code /bitrix24-sandbox}: a person's view of the demo portal. A kanban of Visit items
 * with "move to stage" and "delete" acting as a chosen portal user, a form to create an
 * item, a small company editor, the failure and event-delivery switches, and the REST
 * request counters. Every change goes through {@link Bitrix24Sandbox}, so it fires the
 * same events as in a real portal.
 */
@Controller
@RequestMapping("/bitrix24-sandbox")
@ConditionalOnBitrix24Sandbox
class SandboxPageController {

	private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("dd.MM.yyyy HH:mm");

	private final Bitrix24Sandbox sandbox;

	private final SandboxProperties settings;

	private final SandboxEvents events;

	private final MessageSource messages;

	SandboxPageController(Bitrix24Sandbox sandbox, SandboxProperties settings, SandboxEvents events,
			MessageSource messages) {
		this.sandbox = sandbox;
		this.settings = settings;
		this.events = events;
		this.messages = messages;
	}

	/** What the page says after an action, in the page's language. */
	private String text(String key, Object... args) {
		return this.messages.getMessage(key, args, LocaleContextHolder.getLocale());
	}

	@GetMapping
	String page(@RequestParam(name = "as", required = false) Long as,
			@RequestParam(name = "company", required = false) Long companyId, Model model, HttpServletRequest request) {
		List<Map<String, Object>> users = this.sandbox.users();
		// by default the page acts as a person (the head of sales), never as the
		// integration's own user
		long actor = (as != null) ? as : Bitrix24Sandbox.DEFAULT_PERSON_ID;
		Map<String, String> userNames = new LinkedHashMap<>();
		users.forEach((user) -> userNames.put(String.valueOf(user.get("ID")),
				(user.get("NAME") + " " + user.get("LAST_NAME")).trim()));
		List<Map<String, Object>> items = this.sandbox.items();
		List<Board> boards = new ArrayList<>();
		for (Bitrix24Sandbox.Pipeline pipeline : this.sandbox.pipelines()) {
			List<Column> columns = new ArrayList<>();
			for (Bitrix24Sandbox.Stage stage : pipeline.stages()) {
				List<Card> cards = items.stream()
					.filter((item) -> stage.stageId().equals(item.get("stageId")))
					.map((item) -> card(item, userNames))
					.toList();
				columns.add(new Column(stage, cards));
			}
			boolean hasItems = columns.stream().anyMatch((column) -> !column.cards().isEmpty());
			if (pipeline.isDefault() || hasItems) {
				boards.add(new Board(pipeline, columns));
			}
		}
		model.addAttribute("boards", boards);
		model.addAttribute("pipelines", this.sandbox.pipelines());
		model.addAttribute("itemCount", items.size());
		model.addAttribute("users", users);
		model.addAttribute("userNames", userNames);
		model.addAttribute("actor", actor);
		model.addAttribute("visitTypes", SandboxSeed.VISIT_TYPES);
		model.addAttribute("defaultStart",
				LocalDateTime.now(SandboxTime.PORTAL_ZONE)
					.plusDays(1)
					.withHour(10)
					.withMinute(0)
					.format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm")));
		model.addAttribute("failureModes", FailureMode.values());
		model.addAttribute("failureMode", this.sandbox.failureMode());
		model.addAttribute("blockedUntil",
				Optional.ofNullable(this.sandbox.operationBlockedUntil())
					.map((until) -> SHOWN.format(until.atZone(SandboxTime.PORTAL_ZONE)))
					.orElse(null));
		model.addAttribute("failNext", this.sandbox.failNextCallsRemaining());
		model.addAttribute("eventDelivery", this.sandbox.eventDelivery());
		model.addAttribute("eventHandlerUrl", this.events.handlerUrl());
		model.addAttribute("recentEvents",
				this.sandbox.recentEvents()
					.stream()
					.map((event) -> new EventRow(SHOWN.format(event.at().atZone(SandboxTime.PORTAL_ZONE)),
							event.event(), event.entityId(), event.outcome().name(), event.detail()))
					.toList());
		model.addAttribute("requestCount", this.sandbox.requestCount());
		model.addAttribute("methodCounts", this.sandbox.requestCountsByMethod());
		model.addAttribute("webhookUrl",
				Bitrix24Sandbox.webhookUrl(ServletUriComponentsBuilder.fromContextPath(request).toUriString()));
		if (companyId != null) {
			model.addAttribute("companyId", companyId);
			this.sandbox.company(companyId).ifPresent((company) -> {
				model.addAttribute("company", company);
				model.addAttribute("companyPhone", firstValue(company.get("PHONE")));
				model.addAttribute("companyAddress", this.sandbox.companyAddress(companyId).orElse(Map.of()));
				model.addAttribute("companyUserFields", this.sandbox.companyUserFields());
			});
		}
		return "sandbox/portal";
	}

	@PostMapping("/items")
	String create(@RequestParam long as, @RequestParam(required = false) String title, @RequestParam long companyId,
			@RequestParam long assignedById, @RequestParam String plannedStart, @RequestParam String visitType,
			RedirectAttributes redirect) {
		return act(as, redirect, () -> {
			ZoneId zone = zoneOf(assignedById);
			Instant start = LocalDateTime.parse(plannedStart).atZone(zone).toInstant();
			Map<String, Object> fields = new LinkedHashMap<>();
			if (title != null && !title.isBlank()) {
				fields.put("title", title);
			}
			fields.put("companyId", companyId);
			fields.put("assignedById", assignedById);
			VisitFields.of(this.settings).forEach((role, name) -> {
				switch (role) {
					case "plannedStart" -> fields.put(name, SandboxTime.iso(start));
					case "visitType" -> fields.put(name, visitType);
					default ->
						visitType(visitType).ifPresent((type) -> fields.put(name, type.defaultDurationMinutes()));
				}
			});
			Map<String, Object> item = this.sandbox.createItem(as, fields);
			return text("sandbox.item.created", String.valueOf(item.get("id")), item.get("title"));
		});
	}

	@PostMapping("/items/{id}/move")
	String move(@PathVariable long id, @RequestParam long as, @RequestParam String stageId,
			RedirectAttributes redirect) {
		return act(as, redirect, () -> {
			this.sandbox.moveItem(id, stageId, as);
			return text("sandbox.item.moved", String.valueOf(id));
		});
	}

	@PostMapping("/items/{id}/delete")
	String delete(@PathVariable long id, @RequestParam long as, RedirectAttributes redirect) {
		return act(as, redirect, () -> {
			this.sandbox.deleteItem(id, as);
			return text("sandbox.item.deleted", String.valueOf(id));
		});
	}

	@PostMapping("/companies/{id}")
	String editCompany(@PathVariable long id, @RequestParam long as, @RequestParam String title,
			@RequestParam(required = false) String phone, @RequestParam(required = false) String address1,
			@RequestParam(required = false) String city, @RequestParam(required = false) String postalCode,
			@RequestParam Map<String, String> params, RedirectAttributes redirect) {
		redirect.addAttribute("company", id);
		return act(as, redirect, () -> {
			Map<String, Object> company = this.sandbox.company(id)
				.orElseThrow(() -> new IllegalArgumentException(text("sandbox.company.missing", String.valueOf(id))));
			Map<String, Object> fields = new LinkedHashMap<>();
			fields.put("TITLE", title);
			if (phone != null) {
				Map<String, Object> entry = new LinkedHashMap<>();
				Map<String, Object> existing = firstEntry(company.get("PHONE"));
				if (existing != null) {
					entry.put("ID", existing.get("ID"));
				}
				entry.put("VALUE", phone.trim());
				entry.put("VALUE_TYPE", "WORK");
				if (existing != null || !phone.isBlank()) {
					fields.put("PHONE", List.of(entry));
				}
			}
			// the company's user fields, as a person edits them on the card
			params.forEach((name, value) -> {
				if (name.startsWith("UF_CRM_") && changed(company.get(name), value)) {
					fields.put(name, value.trim());
				}
			});
			this.sandbox.updateCompany(id, as, fields);
			Map<String, Object> address = this.sandbox.companyAddress(id).orElse(Map.of());
			if (changed(address.get("ADDRESS_1"), address1) || changed(address.get("CITY"), city)
					|| changed(address.get("POSTAL_CODE"), postalCode)) {
				Map<String, Object> edited = new LinkedHashMap<>();
				edited.put("ADDRESS_1", address1);
				edited.put("CITY", city);
				edited.put("POSTAL_CODE", postalCode);
				this.sandbox.updateCompanyAddress(id, as, edited);
			}
			return text("sandbox.company.saved", String.valueOf(id));
		});
	}

	@PostMapping("/failure")
	String failure(@RequestParam long as, @RequestParam FailureMode mode,
			@RequestParam(required = false, defaultValue = "0") int failNext, RedirectAttributes redirect) {
		return act(as, redirect, () -> {
			this.sandbox.setFailureMode(mode);
			this.sandbox.failNextCalls(failNext);
			return text("sandbox.failure.mode", mode)
					+ ((failNext > 0) ? text("sandbox.failure.next", String.valueOf(failNext)) : "");
		});
	}

	@PostMapping("/events")
	String events(@RequestParam long as, @RequestParam boolean enabled, RedirectAttributes redirect) {
		return act(as, redirect, () -> {
			this.sandbox.setEventDelivery(enabled);
			return text(enabled ? "sandbox.delivery.on" : "sandbox.delivery.off");
		});
	}

	@PostMapping("/reset")
	String reset(@RequestParam long as, RedirectAttributes redirect) {
		return act(as, redirect, () -> {
			this.sandbox.reset();
			return text("sandbox.reset");
		});
	}

	private String act(long as, RedirectAttributes redirect, Supplier<String> action) {
		redirect.addAttribute("as", as);
		try {
			redirect.addFlashAttribute("message", action.get());
		}
		catch (IllegalArgumentException | DateTimeParseException ex) {
			redirect.addFlashAttribute("problem", ex.getMessage());
		}
		return "redirect:/bitrix24-sandbox";
	}

	private Card card(Map<String, Object> item, Map<String, String> userNames) {
		Map<String, String> fields = VisitFields.of(this.settings);
		long companyId = SandboxPortal.asLong(item.get("companyId"));
		String company = (companyId > 0)
				? this.sandbox.company(companyId).map((row) -> String.valueOf(row.get("TITLE"))).orElse("#" + companyId)
				: "—";
		Instant planned = SandboxTime.parse(item.get(fields.get("plannedStart")));
		long assigned = SandboxPortal.asLong(item.get("assignedById"));
		return new Card(SandboxPortal.asLong(item.get("id")), String.valueOf(item.get("title")), companyId, company,
				userNames.getOrDefault(String.valueOf(assigned), "#" + assigned),
				(planned != null) ? SHOWN.format(planned.atZone(zoneOf(assigned))) : "—",
				visitTypeName(item.get(fields.get("visitType"))),
				userNames.getOrDefault(String.valueOf(item.get("updatedBy")), "#" + item.get("updatedBy")),
				SHOWN.format(SandboxTime.parse(item.get("updatedTime")).atZone(SandboxTime.PORTAL_ZONE)),
				String.valueOf(item.get("stageId")));
	}

	private String visitTypeName(Object code) {
		if (code == null) {
			return "—";
		}
		return visitType(String.valueOf(code)).map(SandboxSeed.VisitType::name).orElse(String.valueOf(code));
	}

	private static Optional<SandboxSeed.VisitType> visitType(String code) {
		return SandboxSeed.VISIT_TYPES.stream().filter((type) -> type.code().equals(code)).findFirst();
	}

	private ZoneId zoneOf(long userId) {
		return this.sandbox.users()
			.stream()
			.filter((user) -> String.valueOf(userId).equals(user.get("ID")))
			.map((user) -> ZoneId.of(String.valueOf(user.get("TIME_ZONE"))))
			.findFirst()
			.orElse(SandboxTime.PORTAL_ZONE);
	}

	private static boolean changed(Object current, String requested) {
		return requested != null && !requested.equals((current != null) ? String.valueOf(current) : "");
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> firstEntry(Object multiField) {
		return (multiField instanceof List<?> list && !list.isEmpty()) ? (Map<String, Object>) list.get(0) : null;
	}

	private static String firstValue(Object multiField) {
		Map<String, Object> entry = firstEntry(multiField);
		return (entry != null) ? String.valueOf(entry.get("VALUE")) : "";
	}

	record Board(Bitrix24Sandbox.Pipeline pipeline, List<Column> columns) {
	}

	record Column(Bitrix24Sandbox.Stage stage, List<Card> cards) {
	}

	record Card(long id, String title, long companyId, String company, String assigned, String planned,
			String visitType, String updatedBy, String updatedTime, String stageId) {
	}

	record EventRow(String at, String event, long entityId, String outcome, String detail) {
	}

	/** The item's user fields, by role. */
	private static final class VisitFields {

		static Map<String, String> of(SandboxProperties settings) {
			SandboxProperties.FieldNames names = settings.smartProcess().fields();
			Map<String, String> fields = new LinkedHashMap<>();
			fields.put("plannedStart", names.plannedStart());
			fields.put("visitType", names.visitType());
			fields.put("durationMinutes", names.durationMinutes());
			return fields;
		}

	}

}
