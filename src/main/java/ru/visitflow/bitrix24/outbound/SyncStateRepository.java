package ru.visitflow.bitrix24.outbound;

import static ru.visitflow.system.Rows.instant;
import static ru.visitflow.system.Rows.longOrNull;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class SyncStateRepository {

	private final JdbcClient jdbc;

	SyncStateRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** Creates missing rows; call outside the locking transaction (a lost race is harmless). */
	void ensure(Collection<UUID> visitIds) {
		for (UUID visitId : visitIds) {
			if (find(visitId).isEmpty()) {
				try {
					this.jdbc.sql("""
							insert into bitrix24_sync_state (visit_id, item_version, calendar_version, calendar_closed, updated_at)
							values (?, -1, -1, false, ?)
							""").params(visitId, Instant.now().atOffset(ZoneOffset.UTC)).update();
				}
				catch (DuplicateKeyException ex) {
					// another node created it first
				}
			}
		}
	}

	Optional<SyncState> find(UUID visitId) {
		return this.jdbc.sql("select * from bitrix24_sync_state where visit_id = ?")
			.param(visitId)
			.query(SyncStateRepository::map)
			.optional();
	}

	/** Locks the rows until the transaction ends: one writer per visit at a time, across nodes. */
	Map<UUID, SyncState> lock(Collection<UUID> visitIds) {
		List<UUID> ids = new ArrayList<>(visitIds);
		ids.sort(null);
		String marks = String.join(", ", ids.stream().map((id) -> "?").toList());
		Map<UUID, SyncState> states = new LinkedHashMap<>();
		this.jdbc.sql("select * from bitrix24_sync_state where visit_id in (" + marks + ") order by visit_id for update")
			.params(new ArrayList<Object>(ids))
			.query(SyncStateRepository::map)
			.list()
			.forEach((state) -> states.put(state.visitId(), state));
		return states;
	}

	void save(SyncState state) {
		this.jdbc.sql("""
				update bitrix24_sync_state set item_id = ?, item_version = ?, item_stage_id = ?, item_planned_start = ?,
				  calendar_event_id = ?,
				  calendar_version = ?, calendar_closed = ?, result_comment_id = ?, updated_at = ?
				where visit_id = ?
				""")
			.params(state.itemId(), state.itemVersion(), state.itemStageId(),
					(state.itemPlannedStart() != null) ? state.itemPlannedStart().atOffset(ZoneOffset.UTC) : null,
					state.calendarEventId(),
					state.calendarVersion(), state.calendarClosed(), state.resultCommentId(),
					Instant.now().atOffset(ZoneOffset.UTC), state.visitId())
			.update();
	}

	private static SyncState map(ResultSet rs, int row) throws SQLException {
		return new SyncState(rs.getObject("visit_id", UUID.class), longOrNull(rs, "item_id"), rs.getLong("item_version"),
				rs.getString("item_stage_id"), instant(rs, "item_planned_start"), longOrNull(rs, "calendar_event_id"), rs.getLong("calendar_version"),
				rs.getBoolean("calendar_closed"), longOrNull(rs, "result_comment_id"));
	}

}
