package ru.visitflow.route;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Route links: latitude first, route order, an empty first point for "from here", split
 * into legs.
 */
class YandexLinksTests {

	@Test
	void pointsInRouteOrderLatitudeFirst() {
		List<String> links = YandexLinks.route(
				List.of(new GeoPoint(55.75, 37.61), new GeoPoint(55.76, 37.64), new GeoPoint(55.70, 37.50)), false, 20);
		assertThat(links).containsExactly(
				"https://yandex.ru/maps/?rtext=55.750000,37.610000~55.760000,37.640000~55.700000,37.500000&rtt=auto");
	}

	@Test
	void fromTheCurrentPositionStartsWithAnEmptyPoint() {
		assertThat(YandexLinks.route(List.of(new GeoPoint(56.8, 60.6)), true, 20))
			.containsExactly("https://yandex.ru/maps/?rtext=~56.800000,60.600000&rtt=auto");
		assertThat(YandexLinks.to(new GeoPoint(56.8, 60.6)))
			.isEqualTo("https://yandex.ru/maps/?rtext=~56.800000,60.600000&rtt=auto");
	}

	@Test
	void longDaysAreSplitIntoConsecutiveLegs() {
		List<GeoPoint> points = new ArrayList<>();
		for (int i = 0; i < 45; i++) {
			points.add(new GeoPoint(55 + i / 100.0, 37));
		}
		List<String> links = YandexLinks.route(points, false, 20);
		assertThat(links).hasSize(3);
		List<List<String>> legs = links.stream()
			.map((link) -> List.of(link.substring(link.indexOf("rtext=") + 6, link.indexOf("&rtt")).split("~")))
			.toList();
		assertThat(legs.get(0)).hasSize(20);
		assertThat(legs.get(1)).hasSize(20);
		assertThat(legs.get(2)).hasSize(7);
		// the last point of a leg is the first of the next, and no point is lost
		assertThat(legs.get(1).get(0)).isEqualTo(legs.get(0).get(19));
		assertThat(legs.get(2).get(0)).isEqualTo(legs.get(1).get(19));
		assertThat(legs.get(2).get(6)).isEqualTo("55.440000,37.000000");
	}

}
