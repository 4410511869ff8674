package ru.visitflow.bitrix24;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.stereotype.Component;

/**
 * Tells a head in Bitrix24 that a plan is behind: a task for them (Bitrix24 notifies its responsible person),
 * so the note also stays on their task list. Called by the plan's worker, never inside a database transaction.
 */
@Component
public class PlanNotifications {

	private final Bitrix24 bitrix24;

	PlanNotifications(Bitrix24 bitrix24) {
		this.bitrix24 = bitrix24;
	}

	/** Creates the task and returns its Bitrix24 id. */
	public long planBehind(long responsibleBitrix24UserId, String title, String description) {
		Map<String, Object> fields = new LinkedHashMap<>();
		fields.put("TITLE", title);
		fields.put("RESPONSIBLE_ID", responsibleBitrix24UserId);
		fields.put("DESCRIPTION", description);
		return this.bitrix24.call("tasks.task.add", Map.of("fields", fields)).result().path("task").path("id").asLong();
	}

}
