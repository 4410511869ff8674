package ru.visitflow.sandbox;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import org.springframework.stereotype.Component;

/**
 * Tasks ({@code tasks.task.add}) with their CRM bindings. All state is the portal's,
 * behind its lock.
 */
@Component
@ConditionalOnBitrix24Sandbox
@SuppressWarnings("unchecked")
class SandboxTasks {

	private final SandboxPortal portal;

	SandboxTasks(SandboxPortal portal) {
		this.portal = portal;
	}

	// --- tasks
	// ---------------------------------------------------------------------------------------------

	private static final Map<String, String> TASK_FIELDS = Map.ofEntries(Map.entry("TITLE", "title"),
			Map.entry("DESCRIPTION", "description"), Map.entry("RESPONSIBLE_ID", "responsibleId"),
			Map.entry("CREATED_BY", "createdBy"), Map.entry("DEADLINE", "deadline"),
			Map.entry("START_DATE_PLAN", "startDatePlan"), Map.entry("END_DATE_PLAN", "endDatePlan"),
			Map.entry("PRIORITY", "priority"), Map.entry("GROUP_ID", "groupId"), Map.entry("UF_CRM_TASK", "ufCrmTask"),
			Map.entry("AUDITORS", "auditors"), Map.entry("ACCOMPLICES", "accomplices"), Map.entry("STATUS", "status"),
			Map.entry("PARENT_ID", "parentId"), Map.entry("XML_ID", "xmlId"));

	Map<String, Object> addTask(Object fieldsParam, long actor) {
		if (SandboxPortal.phpEmpty(fieldsParam) || !(fieldsParam instanceof Map || fieldsParam instanceof List)) {
			throw RestError.badRequest("100", "Could not find value for parameter {fields}");
		}
		Map<String, Object> input = new LinkedHashMap<>();
		ListQuery.asMap(fieldsParam).forEach((key, value) -> {
			String upper = key.toUpperCase(Locale.ROOT);
			String camel = TASK_FIELDS.containsKey(upper) ? TASK_FIELDS.get(upper)
					: TASK_FIELDS.containsValue(key) ? key : null;
			if (camel != null) {
				input.put(camel, value);
			}
		});
		if (SandboxPortal.isBlank(input.get("title"))) {
			throw RestError.badRequest("ERROR_CORE", "Task title not specified<br>");
		}
		if (SandboxPortal.isBlank(input.get("responsibleId"))) {
			throw RestError.badRequest("ERROR_CORE", "Assignee not specified<br>");
		}
		long responsible = SandboxPortal.asLong(input.get("responsibleId"));
		synchronized (this.portal.lock) {
			if (this.portal.findUser(responsible).isEmpty()) {
				throw RestError.badRequest("ERROR_CORE", "User specified in the \"Assignee\" field not found<br>");
			}
			if (input.containsKey("status")
					&& !List.of("1", "2", "3", "4", "5", "6", "7").contains(String.valueOf(input.get("status")))) {
				throw RestError.badRequest("ERROR_CORE", "Invalid status<br>");
			}
			long id = ++this.portal.state.lastTaskId;
			long creator = SandboxPortal.isBlank(input.get("createdBy")) ? actor
					: SandboxPortal.asLong(input.get("createdBy"));
			String now = SandboxTime.iso(this.portal.now());
			Map<String, Object> task = new LinkedHashMap<>();
			task.put("id", String.valueOf(id));
			task.put("parentId",
					SandboxPortal.isBlank(input.get("parentId")) ? null : String.valueOf(input.get("parentId")));
			task.put("title", String.valueOf(input.get("title")));
			task.put("description", Objects.toString(input.get("description"), ""));
			task.put("mark", null);
			task.put("priority", Objects.toString(input.get("priority"), "1"));
			task.put("multitask", "N");
			task.put("notViewed", "N");
			task.put("replicate", "N");
			task.put("stageId", "0");
			task.put("createdBy", String.valueOf(creator));
			task.put("createdDate", now);
			task.put("responsibleId", String.valueOf(responsible));
			task.put("changedBy", String.valueOf(creator));
			task.put("changedDate", now);
			task.put("statusChangedBy", null);
			task.put("closedBy", null);
			task.put("closedDate", null);
			task.put("activityDate", now);
			task.put("dateStart", null);
			task.put("deadline", taskDate(input.get("deadline")));
			task.put("startDatePlan", taskDate(input.get("startDatePlan")));
			task.put("endDatePlan", taskDate(input.get("endDatePlan")));
			task.put("guid", "{" + UUID.nameUUIDFromBytes(("task-" + id).getBytes()) + "}");
			task.put("xmlId", SandboxPortal.isBlank(input.get("xmlId")) ? null : String.valueOf(input.get("xmlId")));
			task.put("commentsCount", null);
			task.put("allowChangeDeadline", "N");
			task.put("allowTimeTracking", "N");
			task.put("taskControl", "N");
			task.put("addInReport", "N");
			task.put("timeEstimate", "0");
			task.put("siteId", "s1");
			task.put("subordinate", "Y");
			task.put("status", Objects.toString(input.get("status"), "2"));
			task.put("statusChangedDate", now);
			task.put("durationPlan", null);
			task.put("durationType", "days");
			task.put("favorite", "N");
			task.put("groupId", Objects.toString(input.get("groupId"), "0"));
			task.put("auditors", ListQuery.asStrings(input.get("auditors")));
			task.put("accomplices", ListQuery.asStrings(input.get("accomplices")));
			task.put("checklist", List.of());
			task.put("group", List.of());
			task.put("creator", person(creator));
			task.put("responsible", person(responsible));
			task.put("accomplicesData", List.of());
			task.put("auditorsData", List.of());
			task.put("newCommentsCount", 0);
			// kept with the task, but tasks.task.add does not return it
			task.put("ufCrmTask", new ArrayList<>(ListQuery.asStrings(input.get("ufCrmTask"))));
			this.portal.state.tasks.put(id, task);
			Map<String, Object> answer = (Map<String, Object>) SandboxPortal.copy(task);
			answer.remove("ufCrmTask");
			this.portal.changed();
			return answer;
		}
	}

	private static String taskDate(Object value) {
		Instant instant = SandboxTime.parse(value);
		return (instant != null) ? SandboxTime.iso(instant) : null;
	}

	private Map<String, Object> person(long userId) {
		Map<String, Object> person = new LinkedHashMap<>();
		person.put("id", String.valueOf(userId));
		person.put("name", this.portal.userName(userId));
		person.put("link", "/company/personal/user/" + userId + "/");
		person.put("icon", "/bitrix/images/tasks/default_avatar.png");
		person.put("workPosition", this.portal.findUser(userId).map((user) -> user.get("WORK_POSITION")).orElse(""));
		return person;
	}

	List<Map<String, Object>> tasks() {
		synchronized (this.portal.lock) {
			return this.portal.state.tasks.values()
				.stream()
				.map((task) -> (Map<String, Object>) SandboxPortal.copy(task))
				.toList();
		}
	}

}
