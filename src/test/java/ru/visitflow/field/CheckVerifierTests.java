package ru.visitflow.field;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

/** Grades at their boundaries and each forged-position flag on its own. */
class CheckVerifierTests {

	private static final FieldProperties PROPERTIES = new FieldProperties(150, 9000, 50, 150, Duration.ofMinutes(5),
			Duration.ofMinutes(2), 7);

	private static final Instant NOW = Instant.parse("2026-12-01T07:00:00Z");

	private static final double LAT = 55.7558;

	private static final double LON = 37.6173;

	/** Metres per degree of latitude on the sphere the verifier uses. */
	private static final double METRES_PER_DEGREE = 6_371_008.8 * Math.PI / 180;

	private final CheckVerifier verifier = new CheckVerifier(PROPERTIES);

	@Test
	void gradesByDistanceWithTheRadiusDecidingOnSite() {
		assertThat(gradeAt(0)).isEqualTo(CheckGrade.WITHIN_50M);
		assertThat(gradeAt(49.9)).isEqualTo(CheckGrade.WITHIN_50M);
		assertThat(gradeAt(50.2)).isEqualTo(CheckGrade.WITHIN_100M);
		assertThat(gradeAt(99.9)).isEqualTo(CheckGrade.WITHIN_100M);
		assertThat(gradeAt(100.2)).isEqualTo(CheckGrade.WITHIN_RADIUS);
		assertThat(gradeAt(149.9)).isEqualTo(CheckGrade.WITHIN_RADIUS);
		assertThat(gradeAt(150.2)).isEqualTo(CheckGrade.OUTSIDE_RADIUS);
		assertThat(gradeAt(2000)).isEqualTo(CheckGrade.OUTSIDE_RADIUS);
		assertThat(gradeAt(8999)).isEqualTo(CheckGrade.OUTSIDE_RADIUS);
		assertThat(gradeAt(9001)).isEqualTo(CheckGrade.FAR_AWAY);
		assertThat(CheckGrade.WITHIN_RADIUS.onSite()).isTrue();
		assertThat(CheckGrade.OUTSIDE_RADIUS.onSite()).isFalse();
		// a smaller radius wins over the fixed steps
		assertThat(CheckGrade.of(80, 60, 9000)).isEqualTo(CheckGrade.OUTSIDE_RADIUS);
	}

	@Test
	void noPositionAndNoCompanyLocationAreGradesOfTheirOwn() {
		CheckVerifier.Verdict denied = this.verifier.judge(new Position(null, null, null, null, NOW, NOW, "DENIED"), 1,
				LAT, LON, List.of(), NOW);
		assertThat(denied.grade()).isEqualTo(CheckGrade.NO_POSITION);
		assertThat(denied.distanceMeters()).isNull();
		CheckVerifier.Verdict unknown = this.verifier.judge(position(LAT, LON, 20), 1, null, null, List.of(), NOW);
		assertThat(unknown.grade()).isEqualTo(CheckGrade.NO_COMPANY_LOCATION);
		assertThat(unknown.flags()).isEmpty();
	}

	@Test
	void anHonestCheckHasNoFlags() {
		assertThat(this.verifier.judge(position(LAT, LON, 20), 1, LAT, LON, List.of(), NOW).flags()).isEmpty();
	}

	@Test
	void zeroAccuracyIsFlagged() {
		assertThat(this.verifier.judge(position(LAT, LON, 0), 1, LAT, LON, List.of(), NOW).flags())
			.containsExactly(ForgeryFlag.ZERO_ACCURACY);
	}

	@Test
	void theSamePositionAtAnotherCompanyIsFlaggedButNotAtTheSameCompany() {
		FieldCheck earlier = check(2, LAT, LON, NOW.minus(Duration.ofHours(3)));
		assertThat(this.verifier.judge(position(LAT, LON, 20), 1, LAT, LON, List.of(earlier), NOW).flags())
			.containsExactly(ForgeryFlag.SAME_POSITION_ELSEWHERE);
		FieldCheck sameCompany = check(1, LAT, LON, NOW.minus(Duration.ofHours(3)));
		assertThat(this.verifier.judge(position(LAT, LON, 20), 1, LAT, LON, List.of(sameCompany), NOW).flags())
			.isEmpty();
	}

	@Test
	void aSpeedAbove150KmhFromThePreviousCheckIsFlagged() {
		// 10 km north, 3 minutes earlier: about 200 km/h
		FieldCheck far = check(2, LAT + 10_000 / METRES_PER_DEGREE, LON, NOW.minus(Duration.ofMinutes(3)));
		assertThat(this.verifier.judge(position(LAT, LON, 20), 1, LAT, LON, List.of(far), NOW).flags())
			.containsExactly(ForgeryFlag.IMPOSSIBLE_SPEED);
		// the same 10 km in 5 minutes: 120 km/h, plausible
		FieldCheck plausible = check(2, LAT + 10_000 / METRES_PER_DEGREE, LON, NOW.minus(Duration.ofMinutes(5)));
		assertThat(this.verifier.judge(position(LAT, LON, 20), 1, LAT, LON, List.of(plausible), NOW).flags()).isEmpty();
	}

	@Test
	void aDeviceClockFarFromTheServersIsFlaggedButAnOfflineDelayIsNot() {
		Position skewed = new Position(LAT, LON, 20.0, NOW, NOW, NOW.plus(Duration.ofMinutes(20)), null);
		assertThat(this.verifier.judge(skewed, 1, LAT, LON, List.of(), NOW).flags())
			.containsExactly(ForgeryFlag.CLOCK_SKEW);
		// taken offline two hours ago, sent now with the right clock
		Instant then = NOW.minus(Duration.ofHours(2));
		Position offline = new Position(LAT, LON, 20.0, then, then, NOW.plusSeconds(30), null);
		assertThat(this.verifier.judge(offline, 1, LAT, LON, List.of(), NOW).flags()).isEmpty();
	}

	@Test
	void aCachedPositionMuchOlderThanTheTapIsFlagged() {
		Position stale = new Position(LAT, LON, 20.0, NOW.minus(Duration.ofMinutes(10)), NOW, NOW, null);
		assertThat(this.verifier.judge(stale, 1, LAT, LON, List.of(), NOW).flags())
			.containsExactly(ForgeryFlag.STALE_POSITION);
	}

	private CheckGrade gradeAt(double metresNorth) {
		return this.verifier
			.judge(position(LAT + metresNorth / METRES_PER_DEGREE, LON, 10), 1, LAT, LON, List.of(), NOW)
			.grade();
	}

	private static Position position(double lat, double lon, double accuracy) {
		return new Position(lat, lon, accuracy, NOW, NOW, NOW, null);
	}

	private static FieldCheck check(long companyId, double lat, double lon, Instant at) {
		return new FieldCheck(UUID.randomUUID(), UUID.randomUUID(), CheckKind.CHECK_IN, "rep1", companyId, lat, lon,
				20.0, at, at, at, 0.0, CheckGrade.WITHIN_50M, Set.of(), false, null);
	}

}
