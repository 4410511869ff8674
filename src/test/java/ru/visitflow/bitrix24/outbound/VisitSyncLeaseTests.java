package ru.visitflow.bitrix24.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.MessageSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import ru.visitflow.bitrix24.FakeBitrix24;
import ru.visitflow.bitrix24.portal.Bitrix24Properties;
import ru.visitflow.bitrix24.portal.StageMap;
import ru.visitflow.company.CompanyMirror;
import ru.visitflow.identity.UserDirectory;
import ru.visitflow.visit.LifecycleProperties;
import ru.visitflow.visit.Visit;
import ru.visitflow.visit.VisitAttachments;
import ru.visitflow.visit.process.LifecycleTestSupport;

/**
 * A slow or rate-limited Bitrix24 holds no database connection and no row lock: while a
 * sync waits inside a Bitrix24 call, the pool has no connection out, another connection
 * writes the visit's sync row at once, and a second sync of the same visit is told it is
 * busy instead of waiting. Only the lease holder writes back.
 */
class VisitSyncLeaseTests extends LifecycleTestSupport {

	@Autowired
	private SyncStateRepository states;

	@Autowired
	private UserDirectory users;

	@Autowired
	private LifecycleProperties lifecycle;

	@Autowired
	private Bitrix24Properties properties;

	@Autowired
	private MessageSource messages;

	@Autowired
	private VisitAttachments attachments;

	@Autowired
	private DataSource dataSource;

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private PlatformTransactionManager transactions;

	@Autowired
	private CompanyMirror companies;

	/** Items a person's change was found on, as the sync handed them on. */
	private final List<Long> handChanges = new ArrayList<>();

	private FakeBitrix24 bitrix24;

	private VisitSync sync;

	@BeforeEach
	void fakePortal() {
		this.bitrix24 = new FakeBitrix24();
		this.sync = new VisitSync(this.bitrix24, new StageMap(this.bitrix24, this.properties), this.states, this.visits,
				this.users, this.lifecycle, this.properties, this.messages, this.attachments, this.companies,
				(visitId, itemId, item) -> this.handChanges.add(itemId));
	}

	private int connectionsInUse() {
		return ((HikariDataSource) this.dataSource).getHikariPoolMXBean().getActiveConnections();
	}

	private String leaseOwner(UUID visitId) {
		return this.jdbc.sql("select lease_owner from bitrix24_sync_state where visit_id = ?")
			.param(visitId)
			.query(String.class)
			.optional()
			.orElse(null);
	}

	@Test
	void aSlowBitrix24HoldsNoConnectionAndNoRowLock() throws Exception {
		Visit visit = plan(REP1, "2026-12-20T11:00");
		CountDownLatch waiting = this.bitrix24.hold("crm.item.add");
		CompletableFuture<Map<UUID, VisitSync.Outcome>> running = CompletableFuture
			.supplyAsync(() -> this.sync.sync(List.of(visit.id())));
		assertThat(waiting.await(10, TimeUnit.SECONDS)).as("the sync reached Bitrix24").isTrue();

		// Bitrix24 is "slow" now: no connection is out of the pool, and the row takes
		// another writer at once
		assertThat(connectionsInUse()).isZero();
		assertThat(leaseOwner(visit.id())).isNotNull();
		TransactionTemplate other = new TransactionTemplate(this.transactions);
		other.setTimeout(2);
		int touched = other.execute(
				(status) -> this.jdbc.sql("update bitrix24_sync_state set updated_at = updated_at where visit_id = ?")
					.param(visit.id())
					.update());
		assertThat(touched).isEqualTo(1);
		// a second sync of the same visit does not wait for the first: it is busy, and
		// tried again later
		assertThat(this.sync.sync(List.of(visit.id()))).containsEntry(visit.id(), VisitSync.Outcome.BUSY);

		this.bitrix24.release("crm.item.add");
		Map<UUID, VisitSync.Outcome> outcomes = running.get(10, TimeUnit.SECONDS);
		assertThat(outcomes.get(visit.id()).ok()).isTrue();
		SyncState written = this.sync.written(visit.id());
		assertThat(written.itemId()).isNotNull();
		assertThat(written.itemVersion()).isEqualTo(reload(visit).version());
		assertThat(leaseOwner(visit.id())).as("the lease is given back").isNull();
	}

	@Test
	void onlyTheLeaseHolderWritesBackAndALostLeaseMeansEverythingIsWrittenAgain() throws Exception {
		Visit visit = plan(REP1, "2026-12-21T11:00");
		CountDownLatch waiting = this.bitrix24.hold("crm.item.add");
		CompletableFuture<Map<UUID, VisitSync.Outcome>> running = CompletableFuture
			.supplyAsync(() -> this.sync.sync(List.of(visit.id())));
		assertThat(waiting.await(10, TimeUnit.SECONDS)).isTrue();
		// the lease runs out and another worker takes the row over
		this.jdbc.sql("update bitrix24_sync_state set lease_owner = 'another-node' where visit_id = ?")
			.param(visit.id())
			.update();

		this.bitrix24.release("crm.item.add");
		VisitSync.Outcome outcome = running.get(10, TimeUnit.SECONDS).get(visit.id());
		assertThat(outcome.ok()).isFalse();
		assertThat(outcome.busy()).isFalse();
		assertThat(leaseOwner(visit.id())).as("the other worker's lease is left alone").isEqualTo("another-node");
		assertThat(this.sync.written(visit.id()).itemVersion()).as("marked stale: written again next time")
			.isEqualTo(-1);
	}

}
