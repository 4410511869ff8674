package ru.visitflow.system.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import ru.visitflow.visit.process.LifecycleTestSupport;

/**
 * Two nodes on one database: one holds a lease at a time; a released or expired lease
 * goes to the other.
 */
class ClusterLeasesTests extends LifecycleTestSupport {

	@Autowired
	private JdbcClient jdbc;

	private ClusterLeases node(String id) {
		ClusterProperties properties = new ClusterProperties(id, Duration.ofSeconds(30));
		return new ClusterLeases(this.jdbc, new ClusterNode(properties), properties);
	}

	@Test
	void oneHolderAtATime() {
		String lease = "test-" + UUID.randomUUID();
		ClusterLeases first = node("node-a");
		ClusterLeases second = node("node-b");
		assertThat(first.tryAcquire(lease)).isTrue();
		assertThat(second.tryAcquire(lease)).isFalse();
		// the holder renews it
		assertThat(first.tryAcquire(lease)).isTrue();
		assertThat(second.holder(lease)).contains("node-a");
		int[] runs = { 0 };
		assertThat(second.runIfHolder(lease, () -> runs[0]++)).isFalse();
		assertThat(first.runIfHolder(lease, () -> runs[0]++)).isTrue();
		assertThat(runs[0]).isEqualTo(1);
	}

	@Test
	void aReleasedLeaseGoesToTheOtherNode() {
		String lease = "test-" + UUID.randomUUID();
		ClusterLeases first = node("node-a");
		ClusterLeases second = node("node-b");
		assertThat(first.tryAcquire(lease)).isTrue();
		first.release(lease);
		assertThat(first.holder(lease)).isEmpty();
		assertThat(second.tryAcquire(lease)).isTrue();
		assertThat(first.tryAcquire(lease)).isFalse();
	}

	@Test
	void anExpiredLeaseGoesToTheOtherNode() {
		String lease = "test-" + UUID.randomUUID();
		ClusterLeases first = node("node-a");
		ClusterLeases second = node("node-b");
		// taken for a moment that is already over: as if node-a stopped renewing it long
		// ago
		assertThat(first.tryAcquire(lease, Duration.ofSeconds(-1))).isTrue();
		assertThat(second.holder(lease)).isEmpty();
		assertThat(second.tryAcquire(lease)).isTrue();
		assertThat(first.tryAcquire(lease)).isFalse();
	}

}
