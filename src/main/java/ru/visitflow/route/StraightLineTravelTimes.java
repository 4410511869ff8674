package ru.visitflow.route;

import java.util.List;

/**
 * Great-circle distance times a detour factor, at an average speed: no outside service
 * needed.
 */
public class StraightLineTravelTimes implements TravelTimes {

	private final double detourFactor;

	private final double metresPerSecond;

	public StraightLineTravelTimes(double detourFactor, double averageSpeedKmh) {
		this.detourFactor = detourFactor;
		this.metresPerSecond = averageSpeedKmh * 1000 / 3600;
	}

	@Override
	public Matrix matrix(List<GeoPoint> points) {
		int n = points.size();
		double[][] seconds = new double[n][n];
		double[][] metres = new double[n][n];
		for (int i = 0; i < n; i++) {
			for (int j = 0; j < n; j++) {
				if (i != j) {
					metres[i][j] = points.get(i).metresTo(points.get(j)) * this.detourFactor;
					seconds[i][j] = metres[i][j] / this.metresPerSecond;
				}
			}
		}
		return new Matrix(seconds, metres);
	}

}
