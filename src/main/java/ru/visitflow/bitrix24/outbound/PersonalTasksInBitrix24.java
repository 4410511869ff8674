package ru.visitflow.bitrix24.outbound;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.stereotype.Component;

import ru.visitflow.bitrix24.client.Bitrix24;
import ru.visitflow.identity.PersonalTasks;

/**
 * A to-do for a person as a Bitrix24 task they are responsible for (Bitrix24 notifies
 * them, and it stays on their task list), e.g. "the plan is behind" for a head. Called by
 * workers, never inside a database transaction.
 */
@Component
class PersonalTasksInBitrix24 implements PersonalTasks {

	private final Bitrix24 bitrix24;

	PersonalTasksInBitrix24(Bitrix24 bitrix24) {
		this.bitrix24 = bitrix24;
	}

	@Override
	public long assign(long responsibleBitrix24UserId, String title, String description) {
		Map<String, Object> fields = new LinkedHashMap<>();
		fields.put("TITLE", title);
		fields.put("RESPONSIBLE_ID", responsibleBitrix24UserId);
		fields.put("DESCRIPTION", description);
		return this.bitrix24.call("tasks.task.add", Map.of("fields", fields)).result().path("task").path("id").asLong();
	}

}
