package ru.visitflow.geo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.ObjectMapper;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import ru.visitflow.company.Company;
import ru.visitflow.company.CompanyMirror;
import ru.visitflow.visit.process.LifecycleTestSupport;

/**
 * The geocoding chain against a fake Nominatim: one request per normalised address, 429
 * and timeouts retried later and kept with the reason, "not found" kept and not asked
 * again, the queue resumed by a new instance as after a restart, the User-Agent sent, and
 * time moved by the test, never slept.
 */
class GeocodingQueueTests extends LifecycleTestSupport {

	private static final String AGENT = "Visitflow-tests/1.0 (ops@example.ru)";

	private static final AtomicLong ids = new AtomicLong(8_800_000 + System.nanoTime() % 100_000);

	@Autowired
	private GeoRepository repository;

	@Autowired
	private PositionListeners listeners;

	@Autowired
	private CompanyMirror mirror;

	@Autowired
	private JdbcClient jdbc;

	private MockWebServer nominatim;

	private final Map<String, Deque<MockResponse>> scripted = new ConcurrentHashMap<>();

	private final Map<String, AtomicInteger> asked = new ConcurrentHashMap<>();

	private final List<String> agents = new java.util.concurrent.CopyOnWriteArrayList<>();

	private final RateLimiterTests.FakeTime time = new RateLimiterTests.FakeTime();

	@BeforeEach
	void startNominatim() throws IOException {
		this.nominatim = new MockWebServer();
		this.nominatim.setDispatcher(new Dispatcher() {
			@Override
			public MockResponse dispatch(RecordedRequest request) {
				String q = request.getUrl().queryParameter("q");
				GeocodingQueueTests.this.agents.add(request.getHeaders().get("User-Agent"));
				for (Map.Entry<String, Deque<MockResponse>> entry : GeocodingQueueTests.this.scripted.entrySet()) {
					if (q != null && q.contains(entry.getKey())) {
						GeocodingQueueTests.this.asked.computeIfAbsent(entry.getKey(), (k) -> new AtomicInteger())
							.incrementAndGet();
						MockResponse next = entry.getValue().pollFirst();
						return (next != null) ? next : json("[]");
					}
				}
				return json("[]");
			}
		});
		this.nominatim.start();
	}

	@AfterEach
	void stopNominatim() {
		this.nominatim.close();
	}

	private GeocodingQueue queue() {
		GeoProperties.Nominatim settings = new GeoProperties.Nominatim(this.nominatim.url("/").toString(), AGENT,
				Duration.ofSeconds(1), "ru", "ru", Duration.ofMillis(300));
		GeoProperties properties = new GeoProperties(GeoProperties.Provider.NOMINATIM, settings,
				new GeoProperties.Queue(false, Duration.ofSeconds(1), 5, 2, Duration.ofMinutes(1)));
		NominatimGeocoder geocoder = new NominatimGeocoder(settings,
				new RateLimiter(settings.effectiveInterval(), this.time, this.time::sleep), new ObjectMapper());
		return new GeocodingQueue(this.repository, geocoder, properties, this.time, this.listeners);
	}

	private static MockResponse json(String body) {
		return new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json").body(body).build();
	}

	private static MockResponse found(double lat, double lon) {
		return json("[{\"place_id\":1,\"lat\":\"" + lat + "\",\"lon\":\"" + lon
				+ "\",\"display_name\":\"Test, Moscow, Russia\",\"importance\":0.5}]");
	}

	private void script(String street, MockResponse... responses) {
		this.scripted.put(street, new ArrayDeque<>(List.of(responses)));
	}

	private long company(String address, Double lat, Double lon) {
		long id = ids.incrementAndGet();
		this.mirror.save(new Company(id, "ООО «Геокод " + id + "»", 2L, List.of(), List.of(), address, "Москва",
				"Москва", null, "Россия", lat, lon, Instant.now()));
		return id;
	}

	private String status(long companyId) {
		return this.jdbc.sql("select status from geocode_task where company_id = ?")
			.param(companyId)
			.query(String.class)
			.optional()
			.orElse(null);
	}

	private String lastError(long companyId) {
		return this.jdbc.sql("select last_error from geocode_task where company_id = ?")
			.param(companyId)
			.query(String.class)
			.single();
	}

	private int asked(String street) {
		return this.asked.getOrDefault(street, new AtomicInteger()).get();
	}

	@Test
	void oneAddressWrittenTwoWaysIsAskedOnce() {
		String street = "Первая-" + ids.get();
		long first = company("ул. " + street + ", д. 5", null, null);
		long second = company("улица " + street + ", дом 5", null, null);
		long mirrored = company("ул. " + street + ", д. 7", 55.7, 37.6);
		script(street, found(55.751, 37.618), found(1, 1));
		GeocodingQueue queue = queue();
		queue.enqueueMissing();
		queue.processDue(10_000);
		assertThat(asked(street)).isEqualTo(1);
		assertThat(this.agents).contains(AGENT).doesNotContainNull();
		Position one = this.repository.storedPosition(first).orElseThrow();
		Position two = this.repository.storedPosition(second).orElseThrow();
		assertThat(one.source()).isEqualTo(CoordinateSource.GEOCODER);
		assertThat(one.latitude()).isEqualTo(55.751);
		assertThat(two.longitude()).isEqualTo(37.618);
		// a company with coordinates from the Bitrix24 field is never sent to the
		// geocoder
		assertThat(status(mirrored)).isNull();
		// queueing again asks nothing: the answer is kept
		assertThat(queue.enqueueMissing()).isZero();
		queue.processDue(10_000);
		assertThat(asked(street)).isEqualTo(1);
	}

	@Test
	void tooManyRequestsIsRetriedLaterByTheClock() {
		String street = "Вторая-" + ids.get();
		long id = company("ул. " + street + ", 1", null, null);
		script(street, new MockResponse.Builder().code(429).body("Too many requests").build(), found(55.8, 37.5));
		GeocodingQueue queue = queue();
		queue.enqueueMissing();
		queue.processDue(10_000);
		assertThat(asked(street)).isEqualTo(1);
		assertThat(status(id)).isEqualTo("PENDING");
		assertThat(lastError(id)).contains("429");
		queue.processDue(10_000);
		assertThat(asked(street)).as("not asked again before the pause is over").isEqualTo(1);
		this.time.now = this.time.now.plus(Duration.ofMinutes(2));
		queue.processDue(10_000);
		assertThat(asked(street)).isEqualTo(2);
		assertThat(status(id)).isEqualTo("FOUND");
		assertThat(this.repository.storedPosition(id)).isPresent();
	}

	@Test
	void timeoutsEndAsAFailureKeptWithItsReason() {
		String street = "Третья-" + ids.get();
		long id = company("ул. " + street + ", 1", null, null);
		MockResponse slow = new MockResponse.Builder().code(200).body("[]").headersDelay(2, TimeUnit.SECONDS).build();
		script(street, slow, slow);
		GeocodingQueue queue = queue();
		queue.enqueueMissing();
		queue.processDue(10_000);
		assertThat(status(id)).isEqualTo("PENDING");
		this.time.now = this.time.now.plus(Duration.ofMinutes(2));
		queue.processDue(10_000);
		assertThat(status(id)).isEqualTo("FAILED");
		assertThat(queue.progress().failures()).anySatisfy((failure) -> {
			assertThat(failure.companyId()).isEqualTo(id);
			assertThat(failure.reason()).contains("did not answer in time");
		});
		assertThat(this.repository.storedPosition(id)).isEmpty();
	}

	@Test
	void anAddressNotFoundIsKeptAndNotAskedAgain() {
		String street = "Четвёртая-" + ids.get();
		long id = company("ул. " + street + ", 1", null, null);
		script(street, json("[]"), found(1, 1));
		GeocodingQueue queue = queue();
		queue.enqueueMissing();
		queue.processDue(10_000);
		assertThat(status(id)).isEqualTo("NOT_FOUND");
		GeocodingProgress progress = queue.progress();
		assertThat(progress.notFound()).isPositive();
		assertThat(progress.failures()).anySatisfy((failure) -> assertThat(failure.companyId()).isEqualTo(id));
		queue.enqueueMissing();
		queue.processDue(10_000);
		assertThat(asked(street)).isEqualTo(1);
	}

	@Test
	void aNewQueueResumesWhereTheOldOneStopped() {
		GeocodingQueue before = queue();
		before.enqueueMissing();
		before.processDue(10_000);
		String street = "Пятая-" + ids.get();
		long[] companies = { company("ул. " + street + ", 1", null, null), company("ул. " + street + ", 2", null, null),
				company("ул. " + street + ", 3", null, null) };
		script(street, found(55.1, 37.1), found(55.2, 37.2), found(55.3, 37.3));
		before.enqueueMissing();
		assertThat(before.processDue(1)).isEqualTo(1);
		assertThat(asked(street)).isEqualTo(1);
		// "restart": a new geocoder and queue over the same database
		GeocodingQueue after = queue();
		after.enqueueMissing();
		after.processDue(10_000);
		assertThat(asked(street)).isEqualTo(3);
		for (long id : companies) {
			assertThat(status(id)).isEqualTo("FOUND");
			assertThat(this.repository.storedPosition(id)).isPresent();
		}
		GeocodingProgress progress = after.progress();
		assertThat(progress.pending()).isZero();
		assertThat(progress.done()).isGreaterThanOrEqualTo(3);
	}

}
