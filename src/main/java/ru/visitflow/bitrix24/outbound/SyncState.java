package ru.visitflow.bitrix24.outbound;

import java.time.Instant;
import java.util.UUID;

/**
 * What Bitrix24 has been told about one visit (calendarVersion is a signature of what the event shows): the item and the version of the visit it shows, the stage id
 * and planned start written last (to recognise the echo of our own writes), the calendar event and the result comment.
 */
public record SyncState(UUID visitId, Long itemId, long itemVersion, String itemStageId, Instant itemPlannedStart,
		Long calendarEventId,
		long calendarVersion, boolean calendarClosed, Long resultCommentId) {

	public static SyncState empty(UUID visitId) {
		return new SyncState(visitId, null, -1, null, null, null, -1, false, null);
	}

	SyncState withItem(long id, long version, String stageId, Instant plannedStart) {
		return new SyncState(this.visitId, id, version, stageId, plannedStart, this.calendarEventId,
				this.calendarVersion, this.calendarClosed, this.resultCommentId);
	}

	SyncState withCalendar(Long eventId, long version, boolean closed) {
		return new SyncState(this.visitId, this.itemId, this.itemVersion, this.itemStageId, this.itemPlannedStart,
				eventId, version, closed, this.resultCommentId);
	}

	SyncState withResultComment(long commentId) {
		return new SyncState(this.visitId, this.itemId, this.itemVersion, this.itemStageId, this.itemPlannedStart,
				this.calendarEventId, this.calendarVersion, this.calendarClosed, commentId);
	}

}
