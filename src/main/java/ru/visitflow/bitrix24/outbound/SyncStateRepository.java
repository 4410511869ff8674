package ru.visitflow.bitrix24.outbound;

import static ru.visitflow.system.Rows.instant;
import static ru.visitflow.system.Rows.longOrNull;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class SyncStateRepository {

	private final JdbcClient jdbc;

	SyncStateRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Creates missing rows; call outside the locking transaction (a lost race is
	 * harmless).
	 */
	void ensure(Collection<UUID> visitIds) {
		List<UUID> ids = new ArrayList<>(visitIds);
		Set<UUID> existing = new HashSet<>();
		for (int from = 0; from < ids.size(); from += 500) {
			List<UUID> part = ids.subList(from, Math.min(ids.size(), from + 500));
			String marks = String.join(", ", part.stream().map((id) -> "?").toList());
			existing.addAll(this.jdbc.sql("select visit_id from bitrix24_sync_state where visit_id in (" + marks + ")")
				.params(new ArrayList<Object>(part))
				.query(UUID.class)
				.list());
		}
		for (UUID visitId : ids) {
			if (!existing.contains(visitId)) {
				try {
					this.jdbc
						.sql("""
								insert into bitrix24_sync_state (visit_id, item_version, calendar_version, calendar_closed, updated_at)
								values (?, -1, -1, false, ?)
								""")
						.params(visitId, Instant.now().atOffset(ZoneOffset.UTC))
						.update();
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

	/**
	 * Claims the rows that no one else holds a live lease on, each statement committed on
	 * its own (no transaction stays open, no row lock is held afterwards): one writer per
	 * visit at a time, across nodes.
	 * @return the claimed rows; a visit missing from them is being synced elsewhere right
	 * now
	 */
	Map<UUID, SyncState> claim(Collection<UUID> visitIds, String owner, Duration lease) {
		List<UUID> ids = new ArrayList<>(visitIds);
		ids.sort(null);
		String marks = String.join(", ", ids.stream().map((id) -> "?").toList());
		OffsetDateTime now = Instant.now().atOffset(ZoneOffset.UTC);
		List<Object> params = new ArrayList<>(List.of(owner, now.plus(lease)));
		params.addAll(ids);
		params.add(now);
		this.jdbc
			.sql("update bitrix24_sync_state set lease_owner = ?, lease_until = ? where visit_id in (" + marks
					+ ") and (lease_until is null or lease_until < ?)")
			.params(params)
			.update();
		List<Object> select = new ArrayList<>(ids);
		select.add(owner);
		Map<UUID, SyncState> states = new LinkedHashMap<>();
		this.jdbc.sql("select * from bitrix24_sync_state where visit_id in (" + marks + ") and lease_owner = ?")
			.params(select)
			.query(SyncStateRepository::map)
			.list()
			.forEach((state) -> states.put(state.visitId(), state));
		return states;
	}

	/**
	 * Writes what Bitrix24 now shows and gives the lease back, only while {@code owner}
	 * still holds it and only when the item's version is not older than the one recorded.
	 * @return false when the lease was lost (it ran out and another worker took the row):
	 * nothing was written
	 */
	boolean saveAndRelease(SyncState state, String owner) {
		return this.jdbc
			.sql("""
					update bitrix24_sync_state set item_id = ?, item_version = ?, item_stage_id = ?, item_planned_start = ?,
					  calendar_event_id = ?, calendar_version = ?, calendar_closed = ?, result_comment_id = ?, item_fields = ?,
					  updated_at = ?,
					  lease_owner = null, lease_until = null
					where visit_id = ? and lease_owner = ? and item_version <= ?
					""")
			.params(state.itemId(), state.itemVersion(), state.itemStageId(),
					(state.itemPlannedStart() != null) ? state.itemPlannedStart().atOffset(ZoneOffset.UTC) : null,
					state.calendarEventId(), state.calendarVersion(), state.calendarClosed(), state.resultCommentId(),
					ItemValues.write(state.itemFields()), Instant.now().atOffset(ZoneOffset.UTC), state.visitId(),
					owner, Math.max(state.itemVersion(), -1))
			.update() == 1;
	}

	/**
	 * Of these visits, those for which {@code crm.item.add} may have gone out without its
	 * answer being recorded (their item could exist already).
	 */
	Set<UUID> addsSent(Collection<UUID> visitIds) {
		Set<UUID> sent = new HashSet<>();
		List<UUID> ids = new ArrayList<>(visitIds);
		for (int from = 0; from < ids.size(); from += 500) {
			List<UUID> part = ids.subList(from, Math.min(ids.size(), from + 500));
			String marks = String.join(", ", part.stream().map((id) -> "?").toList());
			sent.addAll(this.jdbc
				.sql("select visit_id from bitrix24_sync_state where item_add_sent_at is not null and visit_id in ("
						+ marks + ")")
				.params(new ArrayList<Object>(part))
				.query(UUID.class)
				.list());
		}
		return sent;
	}

	/**
	 * Records, before the request goes out, that {@code crm.item.add} is being sent for
	 * these visits (a statement of its own: no transaction stays open while Bitrix24 is
	 * called).
	 */
	void markAddsSent(Collection<UUID> visitIds) {
		if (visitIds.isEmpty()) {
			return;
		}
		List<Object> params = new ArrayList<>();
		params.add(Instant.now().atOffset(ZoneOffset.UTC));
		params.addAll(visitIds);
		String marks = String.join(", ", visitIds.stream().map((id) -> "?").toList());
		this.jdbc.sql("update bitrix24_sync_state set item_add_sent_at = ? where visit_id in (" + marks + ")")
			.params(params)
			.update();
	}

	/** Gives the leases back without writing anything. */
	void release(Collection<UUID> visitIds, String owner) {
		if (visitIds.isEmpty()) {
			return;
		}
		List<Object> params = new ArrayList<>(visitIds);
		params.add(owner);
		String marks = String.join(", ", visitIds.stream().map((id) -> "?").toList());
		this.jdbc
			.sql("update bitrix24_sync_state set lease_owner = null, lease_until = null where visit_id in (" + marks
					+ ") and lease_owner = ?")
			.params(params)
			.update();
	}

	/** Gives the lease back without writing anything. */
	void release(UUID visitId, String owner) {
		this.jdbc.sql(
				"update bitrix24_sync_state set lease_owner = null, lease_until = null where visit_id = ? and lease_owner = ?")
			.params(visitId, owner)
			.update();
	}

	/**
	 * Forgets what was written (the item's stage and dates, the calendar's signature), so
	 * the next sync writes everything again: after a hand-made change Visitflow does not
	 * accept, or when a late write may have left Bitrix24 older than recorded.
	 */
	void markStale(Collection<UUID> visitIds) {
		for (UUID visitId : visitIds) {
			this.jdbc.sql("""
					update bitrix24_sync_state set item_version = -1, item_stage_id = null, item_planned_start = null,
					  calendar_version = -1, updated_at = ?
					where visit_id = ?
					""").params(Instant.now().atOffset(ZoneOffset.UTC), visitId).update();
		}
	}

	/**
	 * The item is written again on the next sync (only what differs from its baseline);
	 * the calendar is not.
	 */
	void markItemStale(UUID visitId) {
		this.jdbc.sql("update bitrix24_sync_state set item_version = -1 where visit_id = ?").param(visitId).update();
	}

	/**
	 * The item's baseline as a person's or Bitrix24's change left it (resync, a title a
	 * person gave).
	 */
	public void saveItemFields(UUID visitId, Map<String, String> fields) {
		this.jdbc.sql("update bitrix24_sync_state set item_fields = ? where visit_id = ?")
			.params(ItemValues.write(fields), visitId)
			.update();
	}

	/**
	 * Every change made to these items before {@code at} is known to Visitflow (read, and
	 * acted on).
	 */
	public void markChecked(Collection<Long> itemIds, Instant at) {
		List<Long> ids = new ArrayList<>(itemIds);
		for (int from = 0; from < ids.size(); from += 500) {
			List<Long> part = ids.subList(from, Math.min(ids.size(), from + 500));
			List<Object> params = new ArrayList<>();
			params.add(at.atOffset(ZoneOffset.UTC));
			params.addAll(part);
			params.add(at.atOffset(ZoneOffset.UTC));
			this.jdbc
				.sql("update bitrix24_sync_state set item_checked_at = ? where item_id in ("
						+ String.join(", ", part.stream().map((id) -> "?").toList())
						+ ") and (item_checked_at is null or item_checked_at < ?)")
				.params(params)
				.update();
		}
	}

	/**
	 * Per item: until when its changes are known, and when Visitflow last wrote its sync
	 * row.
	 */
	public record ItemCheck(long itemId, Instant checkedAt, Instant writtenAt) {
	}

	public Map<Long, ItemCheck> checks(Collection<Long> itemIds) {
		Map<Long, ItemCheck> checks = new LinkedHashMap<>();
		if (itemIds.isEmpty()) {
			return checks;
		}
		String marks = String.join(", ", itemIds.stream().map((id) -> "?").toList());
		this.jdbc
			.sql("select item_id, item_checked_at, updated_at from bitrix24_sync_state where item_id in (" + marks
					+ ")")
			.params(new ArrayList<Object>(itemIds))
			.query((rs, row) -> new ItemCheck(rs.getLong("item_id"), instant(rs, "item_checked_at"),
					instant(rs, "updated_at")))
			.list()
			.forEach((check) -> checks.put(check.itemId(), check));
		return checks;
	}

	private static SyncState map(ResultSet rs, int row) throws SQLException {
		return new SyncState(rs.getObject("visit_id", UUID.class), longOrNull(rs, "item_id"),
				rs.getLong("item_version"), rs.getString("item_stage_id"), instant(rs, "item_planned_start"),
				longOrNull(rs, "calendar_event_id"), rs.getLong("calendar_version"), rs.getBoolean("calendar_closed"),
				longOrNull(rs, "result_comment_id"), ItemValues.read(rs.getString("item_fields")));
	}

}
