package ru.visitflow.route;

import java.util.List;

/** Travel times and distances between points, all pairs at once. */
public interface TravelTimes {

	/** {@code seconds[i][j]} and {@code metres[i][j]} from point i to point j. */
	Matrix matrix(List<GeoPoint> points);

	record Matrix(double[][] seconds, double[][] metres) {
	}

}
