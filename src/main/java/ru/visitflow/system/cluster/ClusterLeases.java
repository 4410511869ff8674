package ru.visitflow.system.cluster;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Named leases in the table {@code cluster_lease}: at most one node holds a lease until
 * it expires; the holder renews it by taking it again; a node that stops renewing
 * (stopped, killed, cut off from the database) loses it when it expires. Times are the
 * database's, so nodes whose clocks differ still agree. Each call is its own short
 * statement (auto-commit, or the caller's transaction if there is one).
 * <p>
 * A lease is not a lock held by a connection: work done under a lease must stay correct
 * if, after a long pause, another node took over (the row-level claims and unique keys of
 * the work itself guarantee that); the lease only makes it the rare case instead of the
 * rule.
 */
@Component
public class ClusterLeases {

	private static final Logger logger = LoggerFactory.getLogger(ClusterLeases.class);

	private final JdbcClient jdbc;

	private final ClusterNode node;

	private final ClusterProperties properties;

	ClusterLeases(JdbcClient jdbc, ClusterNode node, ClusterProperties properties) {
		this.jdbc = jdbc;
		this.node = node;
		this.properties = properties;
	}

	/**
	 * Takes or renews the lease for the configured lease duration; true if this node
	 * holds it now.
	 */
	public boolean tryAcquire(String name) {
		return tryAcquire(name, this.properties.leaseDuration());
	}

	/** Takes or renews the lease for {@code duration}; true if this node holds it now. */
	public boolean tryAcquire(String name, Duration duration) {
		Instant now = databaseNow();
		OffsetDateTime expires = utc(now.plus(duration));
		int updated = this.jdbc.sql(
				"update cluster_lease set owner = ?, expires_at = ?, acquired_at = case when owner = ? then acquired_at else ? end"
						+ " where name = ? and (owner = ? or expires_at < ?)")
			.params(this.node.id(), expires, this.node.id(), utc(now), name, this.node.id(), utc(now))
			.update();
		if (updated == 1) {
			return true;
		}
		if (holder(name).isPresent()) {
			return false;
		}
		try {
			this.jdbc.sql("insert into cluster_lease (name, owner, acquired_at, expires_at) values (?, ?, ?, ?)")
				.params(name, this.node.id(), utc(now), expires)
				.update();
			logger.info("Node {} took the lease {}", this.node.id(), name);
			return true;
		}
		catch (DataIntegrityViolationException ex) {
			// another node inserted it first
			return false;
		}
	}

	/**
	 * Gives the lease up at once if this node holds it, so another node need not wait for
	 * it to expire.
	 */
	public void release(String name) {
		this.jdbc.sql("update cluster_lease set expires_at = ? where name = ? and owner = ?")
			.params(utc(Instant.EPOCH), name, this.node.id())
			.update();
	}

	/** Who holds the lease now, if anyone (an expired lease has no holder). */
	public Optional<String> holder(String name) {
		Instant now = databaseNow();
		return this.jdbc.sql("select owner from cluster_lease where name = ? and expires_at >= ?")
			.params(name, utc(now))
			.query(String.class)
			.optional();
	}

	/**
	 * Runs the work if this node holds (or takes) the lease; other nodes skip it. The
	 * lease is kept after the run (until it expires or the next run renews it), so the
	 * same node keeps the job while it is alive.
	 * @return whether the work ran here
	 */
	public boolean runIfHolder(String name, Runnable work) {
		if (!tryAcquire(name)) {
			return false;
		}
		work.run();
		return true;
	}

	public String nodeId() {
		return this.node.id();
	}

	private Instant databaseNow() {
		return this.jdbc.sql("select current_timestamp")
			.query((rs, row) -> rs.getObject(1, OffsetDateTime.class).toInstant())
			.single();
	}

	private static OffsetDateTime utc(Instant instant) {
		return instant.atOffset(ZoneOffset.UTC);
	}

}
