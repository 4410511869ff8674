package ru.visitflow.geo;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;

/**
 * The background geocoding queue. Companies with an address and no coordinates are
 * queued; each task is answered from the cache by normalised address when possible,
 * otherwise by the geocoder (rate-limited, outside any database transaction). The queue
 * lives in the database, so a restart resumes it; transient failures are retried with
 * growing pauses and kept with their reason after the last attempt.
 */
@Service
public class GeocodingQueue {

	private static final Logger logger = LoggerFactory.getLogger(GeocodingQueue.class);

	private final GeoRepository repository;

	private final Geocoder geocoder;

	private final GeoProperties properties;

	private final Clock clock;

	private final PositionListeners listeners;

	GeocodingQueue(GeoRepository repository, Geocoder geocoder, GeoProperties properties, Clock clock,
			PositionListeners listeners) {
		this.repository = repository;
		this.geocoder = geocoder;
		this.properties = properties;
		this.clock = clock;
		this.listeners = listeners;
	}

	/**
	 * Queues every company that needs geocoding and is not queued for its current
	 * address; returns how many.
	 */
	public int enqueueMissing() {
		if (!this.geocoder.enabled()) {
			return 0;
		}
		int queued = 0;
		for (GeoRepository.CompanyAddress company : this.repository.companiesToGeocode()) {
			if (company.address() == null) {
				continue;
			}
			String key = Addresses.key(company.address());
			if (!key.equals(company.queuedKey())) {
				this.repository.enqueue(company.companyId(), company.address(), key, now());
				queued++;
			}
		}
		if (queued > 0) {
			logger.info("Queued {} companies for geocoding with {}", queued, this.geocoder.name());
		}
		return queued;
	}

	/** Works the next due task; false when none was due. */
	public boolean processNext() {
		Optional<GeoRepository.GeocodeTask> next = this.repository.nextDue(now());
		if (next.isEmpty()) {
			return false;
		}
		GeoRepository.GeocodeTask task = next.get();
		Optional<GeocodeResult> cached = this.repository.cached(task.addressKey());
		GeocodeResult result;
		if (cached.isPresent()) {
			result = cached.get();
		}
		else {
			try {
				result = this.geocoder.geocode(task.address());
			}
			catch (GeocodingException ex) {
				failed(task, ex);
				return true;
			}
			this.repository.cache(task.addressKey(), task.address(), result, this.geocoder.name(), now());
		}
		apply(task, result);
		return true;
	}

	/** Works up to {@code max} due tasks; returns how many. */
	public int processDue(int max) {
		int done = 0;
		while (done < max && processNext()) {
			done++;
		}
		return done;
	}

	public GeocodingProgress progress() {
		Map<String, Long> counts = this.repository.taskCounts()
			.stream()
			.collect(Collectors.toMap((row) -> (String) row[0], (row) -> (Long) row[1]));
		long found = counts.getOrDefault("FOUND", 0L);
		long notFound = counts.getOrDefault("NOT_FOUND", 0L);
		long failed = counts.getOrDefault("FAILED", 0L);
		long pending = counts.getOrDefault("PENDING", 0L);
		return new GeocodingProgress(this.geocoder.name(), this.geocoder.enabled(), found + notFound + failed + pending,
				found + notFound, found, notFound, failed, pending, this.repository.failures(50));
	}

	private void apply(GeoRepository.GeocodeTask task, GeocodeResult result) {
		if (!result.found()) {
			this.repository.finishTask(task.companyId(), "NOT_FOUND", "address not found", now());
			return;
		}
		// a pin or the Bitrix24 field may have arrived while the task waited: it wins
		// over a geocoder
		boolean better = this.repository.mirroredPosition(task.companyId()).isPresent()
				|| this.repository.storedPosition(task.companyId())
					.map((p) -> !CoordinateSource.GEOCODER.overrides(p.source()))
					.orElse(false);
		if (!better) {
			this.repository.savePosition(new Position(task.companyId(), result.latitude(), result.longitude(),
					CoordinateSource.GEOCODER, now(), this.geocoder.name()), null, true);
			this.listeners.changed();
		}
		this.repository.finishTask(task.companyId(), "FOUND", null, now());
	}

	private void failed(GeoRepository.GeocodeTask task, GeocodingException ex) {
		int attempts = task.attempts() + 1;
		if (!ex.isTransient() || attempts >= this.properties.queue().maxAttempts()) {
			this.repository.finishTask(task.companyId(), "FAILED", ex.getMessage(), now());
			logger.warn("Geocoding company {} failed: {}", task.companyId(), ex.getMessage());
			return;
		}
		Duration pause = this.properties.queue().retryBackoff().multipliedBy(1L << Math.min(attempts - 1, 10));
		this.repository.retryTask(task.companyId(), attempts, now().plus(pause), ex.getMessage(), now());
	}

	private Instant now() {
		return this.clock.instant();
	}

}
