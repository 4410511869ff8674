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

	private long rounds;

	GeoBackground(GeocodingQueue queue, CompanyPositions positions, GeoProperties properties) {
		this.queue = queue;
		this.positions = positions;
		this.properties = properties;
	}

	@Scheduled(fixedDelayString = "${visitflow.geo.queue.poll-interval}", initialDelayString = "PT20S")
	void work() {
		if (!this.properties.queue().enabled()) {
			return;
		}
		try {
			// new companies without coordinates are picked up about once a minute
			if (this.rounds++ % 60 == 0) {
				this.queue.enqueueMissing();
				this.positions.retryWriteBacks();
			}
			this.queue.processDue(this.properties.queue().perRound());
		}
		catch (RuntimeException ex) {
			logger.warn("Geocoding round failed: {}", ex.getMessage());
		}
	}

}
