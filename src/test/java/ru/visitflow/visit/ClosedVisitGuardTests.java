package ru.visitflow.visit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

import ru.visitflow.system.ConflictException;
import ru.visitflow.visit.process.LifecycleModel;
import ru.visitflow.visit.process.LifecycleTestSupport;

/**
 * No lifecycle step ever changes a visit that is already Completed, Failed or Cancelled.
 */
class ClosedVisitGuardTests extends LifecycleTestSupport {

	@Test
	void aCancelledVisitTakesNoResultNoStageAndNoNewDate() {
		Visit visit = plan(REP1, "2026-12-01T12:00");
		this.visits.cancel(visit.id(), "не нужен", REP1);
		assertThat(reload(visit).stage()).isEqualTo(VisitStage.CANCELLED);

		assertThatThrownBy(() -> this.visits.recordResult(visit.id(),
				this.visits.readResult("AGREEMENT_REACHED", "поздно", null, MOSCOW), "rep1"))
			.isInstanceOf(ConflictException.class);
		assertThatThrownBy(() -> this.visits.enterStage(visit.id(), VisitStage.COMPLETED, "rep1", null))
			.isInstanceOf(ConflictException.class);
		assertThatThrownBy(() -> this.visits.applyPlannedStart(visit.id(), "2026-12-20T10:00"))
			.isInstanceOf(ConflictException.class);
		Visit after = reload(visit);
		assertThat(after.stage()).isEqualTo(VisitStage.CANCELLED);
		assertThat(after.outcome()).isNull();
		assertThat(after.cancelReason()).isEqualTo("не нужен");
	}

	@Test
	void aTaskCompletionInJavaWithAVariableItsFormDoesNotOwnIsRefusedToo() {
		Visit visit = plan(REP1, "2026-12-01T12:00");
		String taskId = task(visit).getId();
		assertThatThrownBy(() -> this.taskService.complete(taskId,
				Map.of(LifecycleModel.OUTCOME, "AGREEMENT_REACHED", LifecycleModel.REP_ID, "rep2")))
			.hasMessageContaining(LifecycleModel.REP_ID);
		assertThat(reload(visit).stage()).isEqualTo(VisitStage.IN_WORK);
		assertThat(task(visit)).isNotNull();
	}

}
