package ru.visitflow.bitrix24.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
		// four claimers at once, each claiming until nothing is left: H2 applies the
		// limit
		// before skipping locked rows, so a claimer may come back empty-handed while
		// another
		// holds the rows; what must hold on both databases is that no event is handed out
		// twice and none is lost
		ExecutorService claimers = Executors.newFixedThreadPool(4);
		List<Long> claimed = new ArrayList<>();
		try {
			List<Future<List<Long>>> claims = new ArrayList<>();
			for (int t = 0; t < 4; t++) {
				Callable<List<Long>> claim = () -> {
					List<Long> mine = new ArrayList<>();
					for (int round = 0; round < 50; round++) {
						List<Bitrix24Inbox.Entry> batch = this.inbox.claimBatch(7, Duration.ofMinutes(5));
						batch.stream().map(Bitrix24Inbox.Entry::id).forEach(mine::add);
					}
					return mine;
				};
				claims.add(claimers.submit(claim));
			}
			for (Future<List<Long>> claim : claims) {
				claimed.addAll(claim.get());
			}
		}
		finally {
			claimers.shutdownNow();
		}
		assertThat(claimed).doesNotHaveDuplicates().hasSize(40);
		assertThat(this.inbox.claimBatch(100, Duration.ofMinutes(5))).isEmpty();
		assertThat(this.jdbc
			.sql("select count(*) from bitrix24_event where entity_id >= 1310000000 and entity_id < 1310000040 "
					+ "and claimed_until is not null")
			.query(Long.class)
			.single()).isEqualTo(40);
	}

}
