package ru.visitflow.geo;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Runs the geocoding queue and retries failed write-backs of pins. Off with
 * {@code visitflow.geo.queue.enabled=false} (tests drive the queue by hand).
 */
@Component
class GeoBackground {

	private static final Logger logger = LoggerFactory.getLogger(GeoBackground.class);

	private final GeocodingQueue queue;

	private final CompanyPositions positions;

	private final GeoProperties properties;

	private final Geocoder geocoder;

	private long rounds;

	GeoBackground(GeocodingQueue queue, CompanyPositions positions, GeoProperties properties, Geocoder geocoder) {
		this.queue = queue;
		this.positions = positions;
		this.properties = properties;
		this.geocoder = geocoder;
	}

	@Scheduled(fixedDelayString = "${visitflow.geo.queue.poll-interval}", initialDelayString = "PT20S")
	void work() {
		if (!this.properties.queue().enabled()) {
			return;
		}
		try {
			// failed write-backs are retried, and new companies without coordinates
			// queued, every 60 rounds
			if (this.rounds++ % 60 == 0) {
				this.positions.retryWriteBacks();
				this.queue.enqueueMissing();
			}
			if (this.geocoder.enabled()) {
				this.queue.processDue(this.properties.queue().perRound());
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Geocoding round failed: {}", ex.getMessage());
		}
	}

}
