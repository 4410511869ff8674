package ru.visitflow.geo;

import java.io.IOException;
import java.io.InterruptedIOException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Nominatim's search API ({@code /search?q=…&format=jsonv2&limit=1}). Every request takes
 * its turn from the rate limiter first and carries the configured User-Agent; 429 and 5xx
 * and timeouts are transient.
 */
public class NominatimGeocoder implements Geocoder {

	private final GeoProperties.Nominatim settings;

	private final OkHttpClient http;

	private final RateLimiter limiter;

	private final ObjectMapper json;

	public NominatimGeocoder(GeoProperties.Nominatim settings, RateLimiter limiter, ObjectMapper json) {
		if (settings.isPublicServer() && (settings.userAgent() == null || settings.userAgent().isBlank())) {
			throw new IllegalStateException(
					"visitflow.geo.nominatim.user-agent must identify the application to use the public Nominatim");
		}
		this.settings = settings;
		this.limiter = limiter;
		this.json = json;
		this.http = new OkHttpClient.Builder().callTimeout(settings.timeout()).build();
	}

	@Override
	public String name() {
		return "nominatim";
	}

	@Override
	public boolean enabled() {
		return true;
	}

	@Override
	public GeocodeResult geocode(String address) {
		HttpUrl base = HttpUrl.parse(this.settings.url());
		if (base == null) {
			throw new GeocodingException("visitflow.geo.nominatim.url is not a URL", false);
		}
		HttpUrl.Builder url = base.newBuilder()
			.addPathSegment("search")
			.addQueryParameter("q", address)
			.addQueryParameter("format", "jsonv2")
			.addQueryParameter("limit", "1");
		if (this.settings.countryCodes() != null && !this.settings.countryCodes().isBlank()) {
			url.addQueryParameter("countrycodes", this.settings.countryCodes());
		}
		if (this.settings.language() != null && !this.settings.language().isBlank()) {
			url.addQueryParameter("accept-language", this.settings.language());
		}
		Request.Builder request = new Request.Builder().url(url.build()).get();
		if (this.settings.userAgent() != null && !this.settings.userAgent().isBlank()) {
			request.header("User-Agent", this.settings.userAgent());
		}
		this.limiter.acquire();
		try (Response response = this.http.newCall(request.build()).execute()) {
			int code = response.code();
			if (code == 429 || code >= 500) {
				throw new GeocodingException("Nominatim answered HTTP " + code, true);
			}
			if (code != 200) {
				throw new GeocodingException("Nominatim answered HTTP " + code, false);
			}
			ResponseBody body = response.body();
			JsonNode rows = this.json.readTree(body.string());
			if (!rows.isArray()) {
				throw new GeocodingException("Nominatim answered something other than a list", false);
			}
			if (rows.isEmpty()) {
				return GeocodeResult.notFound();
			}
			JsonNode first = rows.get(0);
			double latitude = Double.parseDouble(first.path("lat").asText());
			double longitude = Double.parseDouble(first.path("lon").asText());
			if (!Position.valid(latitude, longitude)) {
				throw new GeocodingException("Nominatim answered coordinates out of range", false);
			}
			return GeocodeResult.of(latitude, longitude, first.path("display_name").asText(null));
		}
		catch (InterruptedIOException ex) {
			throw new GeocodingException("Nominatim did not answer in time", true);
		}
		catch (JsonProcessingException ex) {
			throw new GeocodingException("Nominatim answered something that is not JSON", false);
		}
		catch (NumberFormatException ex) {
			throw new GeocodingException("Nominatim answered coordinates that are not numbers", false);
		}
		catch (IOException ex) {
			throw new GeocodingException("Nominatim could not be reached: " + ex.getClass().getSimpleName(), true);
		}
	}

}
