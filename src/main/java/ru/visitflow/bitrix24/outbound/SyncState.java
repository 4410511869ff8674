package ru.visitflow.bitrix24.outbound;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * What Bitrix24 has been told about one visit (calendarVersion is a signature of what the
 * event shows): the item and the version of the visit it shows, the stage id and planned
 * start written last (to recognise the echo of our own writes), the item's fields as last
 * written or seen ({@code itemFields}, null while unknown: see {@link ItemValues}), the
 * calendar event and the result comment.
 */
public record SyncState(UUID visitId, Long itemId, long itemVersion, String itemStageId, Instant itemPlannedStart,
		Long calendarEventId, long calendarVersion, boolean calendarClosed, Long resultCommentId,
		Map<String, String> itemFields) {

	public static SyncState empty(UUID visitId) {
		return new SyncState(visitId, null, -1, null, null, null, -1, false, null, null);
	}

	SyncState withItem(long id, long version, String stageId, Instant plannedStart) {
		return new SyncState(this.visitId, id, version, stageId, plannedStart, this.calendarEventId,
				this.calendarVersion, this.calendarClosed, this.resultCommentId, this.itemFields);
	}

	SyncState withCalendar(Long eventId, long version, boolean closed) {
		return new SyncState(this.visitId, this.itemId, this.itemVersion, this.itemStageId, this.itemPlannedStart,
				eventId, version, closed, this.resultCommentId, this.itemFields);
	}

	SyncState withResultComment(long commentId) {
		return new SyncState(this.visitId, this.itemId, this.itemVersion, this.itemStageId, this.itemPlannedStart,
				this.calendarEventId, this.calendarVersion, this.calendarClosed, commentId, this.itemFields);
	}

	SyncState withItemFields(Map<String, String> fields) {
		return new SyncState(this.visitId, this.itemId, this.itemVersion, this.itemStageId, this.itemPlannedStart,
				this.calendarEventId, this.calendarVersion, this.calendarClosed, this.resultCommentId,
				(fields != null) ? Map.copyOf(fields) : null);
	}

	/**
	 * Whether the title on the item is Visitflow's to keep up to date (one a person gave
	 * is theirs).
	 */
	public boolean titleIsVisitflows() {
		return this.itemFields != null && this.itemFields.containsKey(ItemValues.TITLE);
	}

}
