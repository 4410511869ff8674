package ru.visitflow.bitrix24.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import ru.visitflow.bitrix24.FakeBitrix24;
import ru.visitflow.bitrix24.portal.Bitrix24Properties;
import ru.visitflow.identity.UserDirectory;
import ru.visitflow.system.ConflictException;
import ru.visitflow.system.ForbiddenException;
import ru.visitflow.visit.LifecycleProperties;
import ru.visitflow.visit.Visit;
import ru.visitflow.visit.VisitStage;
import ru.visitflow.visit.process.LifecycleTestSupport;

/**
 * A Bitrix24 task from a visit: on an open visit, as a follow-up right after the result
 * when an operator allows one (here a week; none by default), and refused with 409 for a
 * cancelled visit or one completed longer ago than the follow-up window, without a call
 * to Bitrix24.
 */
@TestPropertySource(properties = "visitflow.lifecycle.task-follow-up-window=P7D")
class VisitTasksTests extends LifecycleTestSupport {

	@Autowired
	private UserDirectory users;

	@Autowired
	private Bitrix24Properties properties;

	@Autowired
	private LifecycleProperties lifecycle;

	private FakeBitrix24 bitrix24;

	private VisitTasks tasks;

	@BeforeEach
	void fakePortal() {
		this.bitrix24 = new FakeBitrix24();
		this.bitrix24.answer("tasks.task.add", (params) -> Map.of("task", Map.of("id", 4711)));
		this.tasks = new VisitTasks(this.bitrix24, this.visits, this.users, this.properties);
	}

	@Test
	void aTaskOnAnOpenVisitIsForItsRepAndBoundToItsCompany() {
		Visit visit = plan(REP1, "2026-12-01T12:00");

		assertThat(this.tasks.create(visit.id(), "Позвонить", null, "2026-12-03", REP1)).isEqualTo(4711);

		Map<?, ?> fields = sentFields();
		assertThat(fields.get("TITLE")).isEqualTo("Позвонить");
		assertThat(fields.get("RESPONSIBLE_ID")).isEqualTo(2L);
		assertThat(fields.get("DEADLINE")).isEqualTo("2026-12-03T18:00:00+03:00");
		assertThat(String.valueOf(fields.get("UF_CRM_TASK"))).contains("CO_" + visit.companyId());
	}

	@Test
	void aFollowUpTaskRightAfterTheResultReachesBitrix24() {
		Visit visit = plan(REP1, "2026-12-01T12:00");
		this.visits.complete(visit.id(), this.visits.readResult("AGREEMENT_REACHED", "Договорились", null, MOSCOW),
				REP1);
		assertThat(reload(visit).stage()).isEqualTo(VisitStage.COMPLETED);

		assertThat(this.tasks.create(visit.id(), "Связаться: ООО «Тест»", null, "2026-12-02", REP1)).isEqualTo(4711);

		assertThat(sentFields().get("TITLE")).isEqualTo("Связаться: ООО «Тест»");
	}

	@Test
	void aFollowUpTaskIsRefusedOnceTheWindowHasPassedAndOnACancelledVisit() {
		Visit completed = plan(REP1, "2026-12-01T12:00");
		this.visits.complete(completed.id(), this.visits.readResult("AGREEMENT_REACHED", null, null, MOSCOW), REP1);
		Visit cancelled = plan(REP1, "2026-12-01T13:00");
		this.visits.cancel(cancelled.id(), "не нужен", REP1);

		assertThatThrownBy(() -> this.tasks.create(cancelled.id(), "Позвонить", null, null, REP1))
			.isInstanceOf(ConflictException.class);
		ClockUtil.setCurrentTime(Date
			.from(reload(completed).closedAt().plus(this.lifecycle.taskFollowUpWindow()).plus(Duration.ofMinutes(1))));
		assertThatThrownBy(() -> this.tasks.create(completed.id(), "Позвонить", null, null, REP1))
			.isInstanceOf(ConflictException.class);
		assertThat(this.bitrix24.calls("tasks.task.add")).isEmpty();
	}

	@Test
	void anotherRepsVisitIsForbiddenOpenOrCompleted() {
		Visit visit = plan(REP1, "2026-12-01T12:00");
		assertThatThrownBy(() -> this.tasks.create(visit.id(), "Позвонить", null, null, REP2))
			.isInstanceOf(ForbiddenException.class);
		this.visits.complete(visit.id(), this.visits.readResult("AGREEMENT_REACHED", null, null, MOSCOW), REP1);
		assertThatThrownBy(() -> this.tasks.create(visit.id(), "Позвонить", null, null, REP2))
			.isInstanceOf(ForbiddenException.class);
		assertThat(this.bitrix24.calls("tasks.task.add")).isEmpty();
	}

	private Map<?, ?> sentFields() {
		List<FakeBitrix24.Call> calls = this.bitrix24.calls("tasks.task.add");
		assertThat(calls).hasSize(1);
		return (Map<?, ?>) calls.get(0).params().get("fields");
	}

}
