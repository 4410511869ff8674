package ru.visitflow.route;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * An OSRM server's table service
 * ({@code /table/v1/driving/lon,lat;…?annotations=duration,distance}); when it fails, the
 * straight-line estimate is used so a route is still given.
 */
public class OsrmTravelTimes implements TravelTimes {

	private final String baseUrl;

	private final TravelTimes fallback;

	private final OkHttpClient http = new OkHttpClient.Builder().callTimeout(Duration.ofSeconds(10)).build();

	private final ObjectMapper json;

	public OsrmTravelTimes(String baseUrl, TravelTimes fallback, ObjectMapper json) {
		this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
		this.fallback = fallback;
		this.json = json;
	}

	@Override
	public Matrix matrix(List<GeoPoint> points) {
		String coordinates = points.stream()
			.map((p) -> String.format(Locale.ROOT, "%.6f,%.6f", p.longitude(), p.latitude()))
			.collect(Collectors.joining(";"));
		Request request = new Request.Builder()
			.url(this.baseUrl + "/table/v1/driving/" + coordinates + "?annotations=duration,distance")
			.get()
			.build();
		try (Response response = this.http.newCall(request).execute()) {
			JsonNode body = this.json.readTree(response.body().string());
			if (!response.isSuccessful() || !"Ok".equals(body.path("code").asText())) {
				return this.fallback.matrix(points);
			}
			int n = points.size();
			double[][] seconds = new double[n][n];
			double[][] metres = new double[n][n];
			for (int i = 0; i < n; i++) {
				for (int j = 0; j < n; j++) {
					seconds[i][j] = body.path("durations").path(i).path(j).asDouble();
					metres[i][j] = body.path("distances").path(i).path(j).asDouble();
				}
			}
			return new Matrix(seconds, metres);
		}
		catch (IOException | RuntimeException ex) {
			return this.fallback.matrix(points);
		}
	}

}
