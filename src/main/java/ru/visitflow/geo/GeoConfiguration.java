package ru.visitflow.geo;

import java.time.Clock;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The configured geocoder: Nominatim, or none. */
@Configuration(proxyBeanMethods = false)
class GeoConfiguration {

	@Bean
	Geocoder geocoder(GeoProperties properties, ObjectMapper json) {
		if (properties.geocoder() == GeoProperties.Provider.NOMINATIM) {
			GeoProperties.Nominatim nominatim = properties.nominatim();
			return new NominatimGeocoder(nominatim,
					RateLimiter.sleeping(nominatim.effectiveInterval(), Clock.systemUTC()), json);
		}
		return new NoGeocoder();
	}

}
