package ru.visitflow.map;

import static ru.visitflow.system.Rows.instant;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import ru.visitflow.geo.CoordinateSource;
import ru.visitflow.geo.PositionListeners;
import ru.visitflow.visit.LifecycleProperties;
import ru.visitflow.visit.VisitStage;

/**
 * Every company with a position, held in memory as parallel arrays (about 60 bytes a
 * company), so the marker API answers a viewport of 50,000 companies in a few
 * milliseconds without touching the database. It is read again from the database in the
 * background when older than {@code visitflow.map.refresh} (requests keep the previous
 * one meanwhile), and at once after a change made through the map (a pin, an approved
 * proposal, a visit planned from a popup).
 */
@Component
public class MarkerIndex implements PositionListeners.Listener {

	private static final int OPEN_STAGES = (1 << VisitStage.DRAFT.ordinal()) | (1 << VisitStage.IN_WORK.ordinal())
			| (1 << VisitStage.REPEAT_VISIT.ordinal());

	private static final Logger logger = LoggerFactory.getLogger(MarkerIndex.class);

	private final JdbcClient jdbc;

	private final MapProperties properties;

	private final LifecycleProperties lifecycle;

	private final Clock clock;

	private final ReentrantLock building = new ReentrantLock();

	private volatile Snapshot snapshot;

	private volatile boolean dirty = true;

	private final AtomicBoolean refreshing = new AtomicBoolean();

	private final ExecutorService refresher = Executors.newSingleThreadExecutor((task) -> {
		Thread thread = new Thread(task, "marker-index-refresh");
		thread.setDaemon(true);
		return thread;
	});

	MarkerIndex(JdbcClient jdbc, MapProperties properties, LifecycleProperties lifecycle, Clock clock) {
		this.jdbc = jdbc;
		this.properties = properties;
		this.lifecycle = lifecycle;
		this.clock = clock;
	}

	@Override
	public void positionsChanged() {
		this.dirty = true;
	}

	/**
	 * Makes the next read rebuild the index (after a visit was planned through the map).
	 */
	public void invalidate() {
		this.dirty = true;
	}

	/**
	 * The current index; rebuilt first when invalidated or older than the refresh
	 * interval.
	 */
	public Snapshot snapshot() {
		Snapshot current = this.snapshot;
		boolean expired = current == null
				|| Duration.between(current.builtAt(), Instant.now()).compareTo(this.properties.refresh()) > 0;
		if (!this.dirty && !expired) {
			return current;
		}
		if (!this.dirty) {
			// only old: read again in the background; every request, including this
			// one, goes on with the current index meanwhile (no request waits for a
			// rebuild of 50,000 companies)
			if (this.refreshing.compareAndSet(false, true)) {
				try {
					this.refresher.execute(this::refresh);
				}
				catch (RejectedExecutionException ex) {
					this.refreshing.set(false);
				}
			}
			return current;
		}
		this.building.lock();
		try {
			Snapshot latest = this.snapshot;
			if (latest != null && latest != current && !this.dirty) {
				return latest;
			}
			this.dirty = false;
			this.snapshot = build();
			return this.snapshot;
		}
		finally {
			this.building.unlock();
		}
	}

	private void refresh() {
		this.building.lock();
		try {
			if (!this.dirty) {
				this.snapshot = build();
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Reading the marker index again failed; the previous one stays in use", ex);
		}
		finally {
			this.building.unlock();
			this.refreshing.set(false);
		}
	}

	@PreDestroy
	void stop() {
		this.refresher.shutdownNow();
	}

	private Snapshot build() {
		long started = System.nanoTime();
		Instant now = this.clock.instant();
		Map<Long, Summary> summaries = new HashMap<>();
		List<String> typeCodes = this.lifecycle.visitTypes().stream().map(LifecycleProperties.VisitType::code).toList();
		this.jdbc.sql("""
				select company_id, stage, visit_type, max(closed_at) as last_closed
				from visit group by company_id, stage, visit_type
				""").query((rs) -> {
			Summary summary = summaries.computeIfAbsent(rs.getLong("company_id"), (id) -> new Summary());
			VisitStage stage = VisitStage.valueOf(rs.getString("stage"));
			summary.stages |= 1 << stage.ordinal();
			int type = typeCodes.indexOf(rs.getString("visit_type"));
			if (type >= 0 && type < 31) {
				summary.types |= 1 << type;
			}
			if (stage == VisitStage.COMPLETED) {
				Instant closed = instant(rs, "last_closed");
				if (closed != null && (summary.lastDone == null || closed.isAfter(summary.lastDone))) {
					summary.lastDone = closed;
				}
			}
		});
		Builder builder = new Builder();
		this.jdbc.sql("""
				select c.id, c.assigned_by_id, c.region, c.latitude, c.longitude,
				  p.latitude as p_latitude, p.longitude as p_longitude, p.source as p_source
				from company c left join geo_position p on p.company_id = c.id
				where (c.latitude is not null and c.longitude is not null) or p.company_id is not null
				""").query((rs) -> {
			double lat;
			double lon;
			String source = rs.getString("p_source");
			double mirroredLat = rs.getDouble("latitude");
			boolean mirrored = !rs.wasNull();
			double mirroredLon = rs.getDouble("longitude");
			mirrored = mirrored && !rs.wasNull();
			if (source != null && (CoordinateSource.valueOf(source).isByHand() || !mirrored)) {
				lat = rs.getDouble("p_latitude");
				lon = rs.getDouble("p_longitude");
			}
			else {
				lat = mirroredLat;
				lon = mirroredLon;
			}
			long owner = rs.getLong("assigned_by_id");
			if (rs.wasNull()) {
				owner = -1;
			}
			long id = rs.getLong("id");
			builder.add(id, lat, lon, owner, rs.getString("region"), summaries.get(id), now);
		});
		long total = this.jdbc.sql("select count(*) from company").query(Long.class).single();
		return builder.finish(now, total, Duration.ofNanos(System.nanoTime() - started));
	}

	private MarkerColour ageOf(Instant lastDone, Instant now) {
		if (lastDone == null) {
			return MarkerColour.NONE;
		}
		long days = Duration.between(lastDone, now).toDays();
		if (days <= this.properties.recentDays()) {
			return MarkerColour.RECENT;
		}
		return (days <= this.properties.olderDays()) ? MarkerColour.OLDER : MarkerColour.STALE;
	}

	private static final class Summary {

		int stages;

		int types;

		Instant lastDone;

	}

	private final class Builder {

		private int size;

		private long[] ids = new long[1024];

		private double[] lats = new double[1024];

		private double[] lons = new double[1024];

		private long[] owners = new long[1024];

		private int[] regions = new int[1024];

		private int[] stages = new int[1024];

		private int[] types = new int[1024];

		private byte[] colours = new byte[1024];

		private byte[] ages = new byte[1024];

		private final Map<String, Integer> regionIds = new HashMap<>();

		private final List<String> regionNames = new ArrayList<>();

		void add(long id, double lat, double lon, long owner, String region, Summary summary, Instant now) {
			if (this.size == this.ids.length) {
				int grown = this.size * 2;
				this.ids = Arrays.copyOf(this.ids, grown);
				this.lats = Arrays.copyOf(this.lats, grown);
				this.lons = Arrays.copyOf(this.lons, grown);
				this.owners = Arrays.copyOf(this.owners, grown);
				this.regions = Arrays.copyOf(this.regions, grown);
				this.stages = Arrays.copyOf(this.stages, grown);
				this.types = Arrays.copyOf(this.types, grown);
				this.colours = Arrays.copyOf(this.colours, grown);
				this.ages = Arrays.copyOf(this.ages, grown);
			}
			int i = this.size++;
			this.ids[i] = id;
			this.lats[i] = lat;
			this.lons[i] = lon;
			this.owners[i] = owner;
			this.regions[i] = (region == null) ? -1 : this.regionIds.computeIfAbsent(region, (name) -> {
				this.regionNames.add(name);
				return this.regionNames.size() - 1;
			});
			MarkerColour age = ageOf((summary != null) ? summary.lastDone : null, now);
			MarkerColour colour = age;
			if (summary != null && (summary.stages & (1 << VisitStage.OVERDUE.ordinal())) != 0) {
				colour = MarkerColour.OVERDUE;
			}
			else if (summary != null && (summary.stages & OPEN_STAGES) != 0) {
				colour = MarkerColour.PLANNED;
			}
			this.stages[i] = (summary != null) ? summary.stages : 0;
			this.types[i] = (summary != null) ? summary.types : 0;
			this.colours[i] = (byte) colour.code();
			this.ages[i] = (byte) age.code();
		}

		Snapshot finish(Instant builtAt, long companies, Duration took) {
			return new Snapshot(this.size, this.ids, this.lats, this.lons, this.owners, this.regions, this.stages,
					this.types, this.colours, this.ages, List.copyOf(this.regionNames), Instant.now(), companies, took);
		}

	}

	/** An immutable view of all positioned companies. */
	public final class Snapshot {

		private final int size;

		private final long[] ids;

		private final double[] lats;

		private final double[] lons;

		private final long[] owners;

		private final int[] regions;

		private final int[] stages;

		private final int[] types;

		private final byte[] colours;

		private final byte[] ages;

		private final List<String> regionNames;

		/**
		 * Web Mercator y of each company on a world of size 1, so a query multiplies
		 * instead of projecting.
		 */
		private final double[] mercatorY;

		private final Instant builtAt;

		private final long companies;

		private final Duration took;

		Snapshot(int size, long[] ids, double[] lats, double[] lons, long[] owners, int[] regions, int[] stages,
				int[] types, byte[] colours, byte[] ages, List<String> regionNames, Instant builtAt, long companies,
				Duration took) {
			this.size = size;
			this.ids = ids;
			this.lats = lats;
			this.lons = lons;
			this.owners = owners;
			this.regions = regions;
			this.stages = stages;
			this.types = types;
			this.colours = colours;
			this.ages = ages;
			this.regionNames = regionNames;
			this.mercatorY = new double[size];
			for (int i = 0; i < size; i++) {
				this.mercatorY[i] = y(lats[i], 1);
			}
			this.builtAt = builtAt;
			this.companies = companies;
			this.took = took;
		}

		public Instant builtAt() {
			return this.builtAt;
		}

		/** Positioned companies in the index. */
		public int size() {
			return this.size;
		}

		/** All companies in the mirror, with or without a position. */
		public long companies() {
			return this.companies;
		}

		/** How long reading the index took. */
		public Duration took() {
			return this.took;
		}

		/**
		 * The regions of the companies the filter lets through (ignoring its region),
		 * sorted.
		 */
		public List<String> regions(MarkerFilter filter) {
			TreeSet<String> names = new TreeSet<>();
			for (int i = 0; i < this.size; i++) {
				if (this.regions[i] >= 0 && visible(i, filter.owners())) {
					names.add(this.regionNames.get(this.regions[i]));
				}
			}
			return List.copyOf(names);
		}

		/**
		 * South-west and north-east corners of the visible companies, or null when none
		 * is visible.
		 */
		public double[] extent(Set<Long> owners) {
			double[] box = null;
			for (int i = 0; i < this.size; i++) {
				if (!visible(i, owners)) {
					continue;
				}
				if (box == null) {
					box = new double[] { this.lats[i], this.lons[i], this.lats[i], this.lons[i] };
				}
				box[0] = Math.min(box[0], this.lats[i]);
				box[1] = Math.min(box[1], this.lons[i]);
				box[2] = Math.max(box[2], this.lats[i]);
				box[3] = Math.max(box[3], this.lons[i]);
			}
			return box;
		}

		/** The markers and clusters in the viewport at a zoom. */
		public Markers query(Bbox bbox, int zoom, MarkerFilter filter) {
			int region = (filter.region() == null) ? -2 : this.regionNames.indexOf(filter.region());
			int typeBit = typeBit(filter.visitType());
			int stageBit = (filter.stage() == null) ? 0 : 1 << filter.stage().ordinal();
			boolean cluster = zoom < MarkerIndex.this.properties.maxClusterZoom();
			double worldPixels = 256.0 * Math.pow(2, zoom);
			double cell = MarkerIndex.this.properties.clusterCellPixels();
			Grid cells = new Grid();
			List<Object[]> markers = new ArrayList<>();
			long[] owners = (filter.owners() == null) ? null
					: filter.owners().stream().mapToLong(Long::longValue).sorted().toArray();
			int total = 0;
			for (int i = 0; i < this.size; i++) {
				if (!bbox.contains(this.lats[i], this.lons[i]) || !visible(this.owners[i], owners)) {
					continue;
				}
				if (filter.owner() != null && this.owners[i] != filter.owner()) {
					continue;
				}
				if (region != -2 && this.regions[i] != region) {
					continue;
				}
				if (typeBit < 0 || (typeBit > 0 && (this.types[i] & typeBit) == 0)) {
					continue;
				}
				if (stageBit != 0 && (this.stages[i] & stageBit) == 0) {
					continue;
				}
				if (filter.lastVisit() != null && this.ages[i] != filter.lastVisit().code()) {
					continue;
				}
				total++;
				if (!cluster) {
					markers.add(marker(i));
					continue;
				}
				long cx = (long) Math.floor(x(this.lons[i], worldPixels) / cell);
				long cy = (long) Math.floor(this.mercatorY[i] * worldPixels / cell);
				cells.add((cx << 32) ^ (cy & 0xffffffffL), i, this.lats[i], this.lons[i], this.colours[i]);
			}
			List<Object[]> clusters = new ArrayList<>();
			for (int c = 0; c < cells.size; c++) {
				if (cells.counts[c] == 1) {
					markers.add(marker(cells.firsts[c]));
				}
				else {
					clusters.add(new Object[] { round(cells.sumLats[c] / cells.counts[c]),
							round(cells.sumLons[c] / cells.counts[c]), cells.counts[c], cells.dominant(c) });
				}
			}
			return new Markers(zoom, total, clusters, markers);
		}

		/**
		 * Whether the company is in the index and visible to these owners; its index or
		 * -1.
		 */
		public int find(long companyId) {
			for (int i = 0; i < this.size; i++) {
				if (this.ids[i] == companyId) {
					return i;
				}
			}
			return -1;
		}

		public MarkerColour colour(int index) {
			return MarkerColour.values()[this.colours[index]];
		}

		private Object[] marker(int i) {
			return new Object[] { this.ids[i], round(this.lats[i]), round(this.lons[i]), (int) this.colours[i] };
		}

		private boolean visible(int i, Set<Long> owners) {
			return owners == null || owners.contains(this.owners[i]);
		}

		private static boolean visible(long owner, long[] owners) {
			return owners == null || Arrays.binarySearch(owners, owner) >= 0;
		}

		private int typeBit(String code) {
			if (code == null) {
				return 0;
			}
			int index = MarkerIndex.this.lifecycle.visitTypes()
				.stream()
				.map(LifecycleProperties.VisitType::code)
				.toList()
				.indexOf(code);
			return (index < 0 || index >= 31) ? -1 : 1 << index;
		}

	}

	/** Web Mercator pixel x at a world size. */
	static double x(double longitude, double worldPixels) {
		return (longitude + 180) / 360 * worldPixels;
	}

	/** Web Mercator pixel y at a world size. */
	static double y(double latitude, double worldPixels) {
		double clamped = Math.max(-85.05112878, Math.min(85.05112878, latitude));
		double sin = Math.sin(Math.toRadians(clamped));
		return (0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI)) * worldPixels;
	}

	private static double round(double degrees) {
		return Math.round(degrees * 1e5) / 1e5;
	}

	/**
	 * Cluster cells of one query in primitive arrays (an open-addressing table from the
	 * cell's key to its slot): no boxing or object per company on the request's path.
	 */
	private static final class Grid {

		private static final int COLOURS = MarkerColour.values().length;

		private long[] keys = new long[1024];

		private int[] slotOf = new int[1024];

		private boolean[] used = new boolean[1024];

		int size;

		int[] counts = new int[256];

		int[] firsts = new int[256];

		double[] sumLats = new double[256];

		double[] sumLons = new double[256];

		int[] colours = new int[256 * COLOURS];

		void add(long key, int index, double lat, double lon, byte colour) {
			int slot = slot(key);
			this.counts[slot]++;
			this.sumLats[slot] += lat;
			this.sumLons[slot] += lon;
			this.colours[slot * COLOURS + colour]++;
			if (this.counts[slot] == 1) {
				this.firsts[slot] = index;
			}
		}

		private int slot(long key) {
			int mask = this.keys.length - 1;
			int h = (int) (key ^ (key >>> 29) ^ (key >>> 47)) * 0x9E3779B9;
			for (int at = h & mask;; at = (at + 1) & mask) {
				if (!this.used[at]) {
					if (this.size * 2 >= this.keys.length) {
						grow();
						return slot(key);
					}
					this.used[at] = true;
					this.keys[at] = key;
					this.slotOf[at] = newSlot();
					return this.slotOf[at];
				}
				if (this.keys[at] == key) {
					return this.slotOf[at];
				}
			}
		}

		private int newSlot() {
			if (this.size == this.counts.length) {
				int grown = this.size * 2;
				this.counts = Arrays.copyOf(this.counts, grown);
				this.firsts = Arrays.copyOf(this.firsts, grown);
				this.sumLats = Arrays.copyOf(this.sumLats, grown);
				this.sumLons = Arrays.copyOf(this.sumLons, grown);
				this.colours = Arrays.copyOf(this.colours, grown * COLOURS);
			}
			return this.size++;
		}

		private void grow() {
			long[] oldKeys = this.keys;
			int[] oldSlots = this.slotOf;
			boolean[] oldUsed = this.used;
			this.keys = new long[oldKeys.length * 2];
			this.slotOf = new int[oldKeys.length * 2];
			this.used = new boolean[oldKeys.length * 2];
			int mask = this.keys.length - 1;
			for (int i = 0; i < oldKeys.length; i++) {
				if (oldUsed[i]) {
					long key = oldKeys[i];
					int h = (int) (key ^ (key >>> 29) ^ (key >>> 47)) * 0x9E3779B9;
					int at = h & mask;
					while (this.used[at]) {
						at = (at + 1) & mask;
					}
					this.used[at] = true;
					this.keys[at] = key;
					this.slotOf[at] = oldSlots[i];
				}
			}
		}

		/**
		 * The most frequent colour of a cell; on a tie the more urgent one (overdue over
		 * planned over the rest).
		 */
		int dominant(int slot) {
			int base = slot * COLOURS;
			int best = 0;
			for (int c = 1; c < COLOURS; c++) {
				if (this.colours[base + c] >= this.colours[base + best]) {
					best = c;
				}
			}
			return best;
		}

	}

	/**
	 * The marker API's answer: clusters as {@code [lat, lon, count, colour]}, single
	 * companies as {@code [id, lat, lon, colour]}; {@code total} companies matched in the
	 * viewport.
	 */
	public record Markers(int zoom, int total, List<Object[]> clusters, List<Object[]> markers) {
	}

}
