package ru.visitflow.bitrix24.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;

/**
 * The inbox hands each stored event to one claimer at a time: batches claimed one after
 * another or at the same moment never share an event, and a claimed event is not handed
 * out again while its claim lasts.
 */
@SpringBootTest
@ActiveProfiles("test")
class InboxClaimTests {

	@Autowired
	private Bitrix24Inbox inbox;

	@Autowired
	private JdbcClient jdbc;

	@Test
	void concurrentClaimsNeverShareAnEvent() throws Exception {
		// events of other tests stay out of the way: claim whatever waits first
		while (!this.inbox.claimBatch(1000, Duration.ofMinutes(5)).isEmpty()) {
			// drained
		}
		for (int i = 0; i < 40; i++) {
			this.inbox.add("ONCRMDYNAMICITEMUPDATE", 1036, 1_310_000_000L + i, null);
		}
		ExecutorService claimers = Executors.newFixedThreadPool(4);
		try {
			List<Future<List<Long>>> claims = new ArrayList<>();
			for (int t = 0; t < 4; t++) {
				Callable<List<Long>> claim = () -> this.inbox.claimBatch(7, Duration.ofMinutes(5))
					.stream()
					.map(Bitrix24Inbox.Entry::id)
					.toList();
				claims.add(claimers.submit(claim));
			}
			Set<Long> claimed = new HashSet<>();
			int total = 0;
			for (Future<List<Long>> claim : claims) {
				List<Long> ids = claim.get();
				total += ids.size();
				claimed.addAll(ids);
			}
			assertThat(claimed).hasSize(total);
			assertThat(total).isEqualTo(28);
		}
		finally {
			claimers.shutdownNow();
		}
		List<Bitrix24Inbox.Entry> rest = this.inbox.claimBatch(100, Duration.ofMinutes(5));
		assertThat(rest).hasSize(12);
		assertThat(this.inbox.claimBatch(100, Duration.ofMinutes(5))).isEmpty();
		assertThat(this.jdbc
			.sql("select count(*) from bitrix24_event where entity_id >= 1310000000 and entity_id < 1310000040 "
					+ "and claimed_until is not null")
			.query(Long.class)
			.single()).isEqualTo(40);
	}

}
