package ru.visitflow.bitrix24.outbound;

import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.stereotype.Service;

import ru.visitflow.bitrix24.client.Bitrix24;
import ru.visitflow.bitrix24.portal.Bitrix24Properties;
import ru.visitflow.bitrix24.wire.Bitrix24Time;
import ru.visitflow.identity.Actor;
import ru.visitflow.identity.UserDirectory;
import ru.visitflow.system.InvalidInputException;
import ru.visitflow.visit.Visit;
import ru.visitflow.visit.VisitService;
import ru.visitflow.visit.VisitTimes;

/**
 * A Bitrix24 task made from a visit in a few taps: bound to the visit's item and company,
 * for its rep.
 */
@Service
public class VisitTasks {

	private final Bitrix24 bitrix24;

	private final VisitService visits;

	private final UserDirectory users;

	private final Bitrix24Properties properties;

	VisitTasks(Bitrix24 bitrix24, VisitService visits, UserDirectory users, Bitrix24Properties properties) {
		this.bitrix24 = bitrix24;
		this.visits = visits;
		this.users = users;
		this.properties = properties;
	}

	/**
	 * Creates the task now and returns its Bitrix24 id; Bitrix24 being unreachable is an
	 * error the caller sees. The visit is open or just completed (a follow-up made with
	 * the result); a cancelled or failed visit, or one completed longer ago than the
	 * follow-up window, answers 409.
	 */
	public long create(UUID visitId, String title, String description, String deadline, Actor actor) {
		Visit visit = this.visits.getForFollowUp(visitId, actor);
		if (title == null || title.isBlank()) {
			throw new InvalidInputException("title", "required", "must be given");
		}
		Long responsible = this.users.bitrix24UserOf(visit.repId())
			.orElseThrow(() -> new InvalidInputException("visit", "unmapped",
					"the rep " + visit.repId() + " has no Bitrix24 user; set it in the rep's profile"));
		Map<String, Object> fields = new LinkedHashMap<>();
		fields.put("TITLE", title.trim());
		fields.put("RESPONSIBLE_ID", responsible);
		if (description != null && !description.isBlank()) {
			fields.put("DESCRIPTION", description.trim());
		}
		if (VisitTimes.isGiven(deadline)) {
			Instant due = this.visits.taskDeadline(visit, deadline);
			fields.put("DEADLINE", Bitrix24Time.format(due, visit.timeZone()));
		}
		List<String> bindings = new ArrayList<>();
		if (visit.bitrix24ItemId() != null) {
			bindings.add(this.properties.crmBinding(visit.bitrix24ItemId()));
		}
		bindings.add("CO_" + visit.companyId());
		fields.put("UF_CRM_TASK", bindings);
		return this.bitrix24.call("tasks.task.add", Map.of("fields", fields)).result().path("task").path("id").asLong();
	}

}
