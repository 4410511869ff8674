package ru.visitflow.sandbox;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.springframework.stereotype.Component;

/**
 * The REST methods the sandbox serves, by (lower-case) name, each reading its parameters
 * as Bitrix24 does and returning its {@code result} in the documented shape, plus
 * {@code total}/{@code next} for list methods.
 */
@Component
@ConditionalOnBitrix24Sandbox
class SandboxMethods {

	private final SandboxPortal portal;

	private final SandboxItems items;

	private final SandboxCrm crm;

	private final SandboxCalendar calendar;

	private final SandboxTasks tasks;

	private final SandboxTimeline timeline;

	private final Map<String, Method> methods = new LinkedHashMap<>();

	SandboxMethods(SandboxPortal portal, SandboxItems items, SandboxCrm crm, SandboxCalendar calendar,
			SandboxTasks tasks, SandboxTimeline timeline) {
		this.portal = portal;
		this.items = items;
		this.crm = crm;
		this.calendar = calendar;
		this.tasks = tasks;
		this.timeline = timeline;
		register();
	}

	/**
	 * A method's answer: {@code total} and {@code next} are null when the answer has
	 * none.
	 */
	record Result(Object result, Integer total, Integer next) {

		static Result of(Object result) {
			return new Result(result, null, null);
		}

		static Result list(Object result, ListQuery.Page<?> page) {
			return new Result(result, page.total(), page.next());
		}

	}

	@FunctionalInterface
	interface Method {

		Result call(Map<String, Object> params, long actor);

	}

	Set<String> names() {
		return this.methods.keySet();
	}

	boolean exists(String method) {
		return this.methods.containsKey(method);
	}

	Result call(String method, Map<String, Object> params, long actor) {
		return this.methods.get(method).call(params, actor);
	}

	private void register() {
		// smart-process items
		this.methods.put("crm.item.add", (p, actor) -> Result
			.of(Map.of("item", this.items.addItem(p.get("entityTypeId"), p.get("fields"), actor, originalUfNames(p)))));
		this.methods.put("crm.item.update", (p, actor) -> Result.of(Map.of("item", this.items
			.updateItem(p.get("entityTypeId"), p.get("id"), p.get("fields"), actor, originalUfNames(p)))));
		this.methods.put("crm.item.get", (p, actor) -> Result
			.of(Map.of("item", this.items.getItem(p.get("entityTypeId"), p.get("id"), originalUfNames(p)))));
		this.methods.put("crm.item.list", (p, actor) -> {
			ListQuery.Page<Map<String, Object>> page = this.items.listItems(p.get("entityTypeId"), p.get("select"),
					p.get("filter"), p.get("order"), p.get("start"), originalUfNames(p));
			return Result.list(Map.of("items", page.rows()), page);
		});
		this.methods.put("crm.item.delete", (p, actor) -> {
			this.items.deleteItem(p.get("entityTypeId"), p.get("id"), actor);
			return Result.of(List.of());
		});
		this.methods.put("crm.item.fields", (p, actor) -> Result.of(this.items.itemFields(p.get("entityTypeId"))));
		// the smart process's structure
		this.methods.put("crm.type.list", (p, actor) -> {
			ListQuery.Page<Map<String, Object>> page = this.items.listTypes(p.get("filter"));
			return Result.list(Map.of("types", page.rows()), page);
		});
		this.methods.put("crm.category.list", (p, actor) -> {
			ListQuery.Page<Map<String, Object>> page = this.items.listCategories(p.get("entityTypeId"));
			return Result.list(Map.of("categories", page.rows()), page);
		});
		this.methods.put("crm.status.list", (p, actor) -> {
			ListQuery.Page<Map<String, Object>> page = this.items.listStatuses(legacy(p, "filter"), legacy(p, "order"),
					p.get("start"));
			return Result.list(page.rows(), page);
		});
		// companies, contacts, requisites, addresses
		this.methods.put("crm.company.list", (p, actor) -> {
			ListQuery.Page<Map<String, Object>> page = this.crm.listCompanies(legacy(p, "select"), legacy(p, "filter"),
					legacy(p, "order"), p.get("start"));
			return Result.list(page.rows(), page);
		});
		this.methods.put("crm.company.get", (p, actor) -> Result.of(this.crm.getCompany(legacy(p, "id"))));
		this.methods.put("crm.company.fields", (p, actor) -> Result.of(this.crm.describeCompany()));
		this.methods.put("crm.company.add", (p, actor) -> Result.of(this.crm.addCompany(legacy(p, "fields"), actor)));
		this.methods.put("crm.company.update", (p, actor) -> {
			this.crm.updateCompany(legacy(p, "id"), legacy(p, "fields"), actor);
			return Result.of(true);
		});
		this.methods.put("crm.contact.list", (p, actor) -> {
			ListQuery.Page<Map<String, Object>> page = this.crm.listContacts(legacy(p, "select"), legacy(p, "filter"),
					legacy(p, "order"), p.get("start"));
			return Result.list(page.rows(), page);
		});
		this.methods.put("crm.contact.get", (p, actor) -> Result.of(this.crm.getContact(legacy(p, "id"))));
		this.methods.put("crm.contact.add", (p, actor) -> Result.of(this.crm.addContact(legacy(p, "fields"), actor)));
		this.methods.put("crm.contact.update", (p, actor) -> {
			this.crm.updateContact(legacy(p, "id"), legacy(p, "fields"), actor);
			return Result.of(true);
		});
		this.methods.put("crm.requisite.list", (p, actor) -> {
			ListQuery.Page<Map<String, Object>> page = this.crm.listRequisites(legacy(p, "select"), legacy(p, "filter"),
					legacy(p, "order"), p.get("start"));
			return Result.list(page.rows(), page);
		});
		this.methods.put("crm.address.list", (p, actor) -> {
			ListQuery.Page<Map<String, Object>> page = this.crm.listAddresses(legacy(p, "select"), legacy(p, "filter"),
					legacy(p, "order"), p.get("start"));
			return Result.list(page.rows(), page);
		});
		// timeline
		this.methods.put("crm.timeline.comment.add",
				(p, actor) -> Result.of(this.timeline.addComment(p.get("fields"), actor)));
		// calendar
		this.methods.put("calendar.event.add", (p, actor) -> Result.of(this.calendar.addCalendarEvent(p, actor)));
		this.methods.put("calendar.event.update", (p, actor) -> Result.of(this.calendar.updateCalendarEvent(p, actor)));
		this.methods.put("calendar.event.delete",
				(p, actor) -> Result.of(this.calendar.deleteCalendarEvent(p.get("id"))));
		this.methods.put("calendar.event.getbyid",
				(p, actor) -> Result.of(this.calendar.calendarEvent(p.get("id"), actor)));
		this.methods.put("calendar.event.get", (p, actor) -> Result.of(this.calendar.calendarEvents(p, actor)));
		// tasks
		this.methods.put("tasks.task.add",
				(p, actor) -> Result.of(Map.of("task", this.tasks.addTask(p.get("fields"), actor))));
		// users
		this.methods.put("user.get", (p, actor) -> {
			ListQuery.Page<Map<String, Object>> page = this.portal.listUsers(p);
			return Result.list(page.rows(), page);
		});
		this.methods.put("user.current", (p, actor) -> Result.of(this.portal.user(actor)));
	}

	private static boolean originalUfNames(Map<String, Object> params) {
		return "Y".equalsIgnoreCase(String.valueOf(params.get("useOriginalUfNames")));
	}

	/**
	 * Legacy CRM methods read their parameters in any letter case ({@code filter} or
	 * {@code FILTER}).
	 */
	private static Object legacy(Map<String, Object> params, String name) {
		if (params.containsKey(name)) {
			return params.get(name);
		}
		for (Map.Entry<String, Object> entry : params.entrySet()) {
			if (entry.getKey().toLowerCase(Locale.ROOT).equals(name)) {
				return entry.getValue();
			}
		}
		return null;
	}

}
