package ru.visitflow.map;

import java.util.ArrayList;
import java.util.List;

import ru.visitflow.system.FieldProblem;
import ru.visitflow.system.InvalidInputException;

/**
 * A viewport as Leaflet's {@code toBBoxString()} gives it: west,south,east,north. West
 * may exceed east across 180°.
 */
public record Bbox(double west, double south, double east, double north) {

	public static Bbox parse(String text) {
		String[] parts = (text == null) ? new String[0] : text.split(",");
		if (parts.length != 4) {
			throw new InvalidInputException("bbox", "format", "must be west,south,east,north in degrees");
		}
		double[] values = new double[4];
		try {
			for (int i = 0; i < 4; i++) {
				values[i] = Double.parseDouble(parts[i].trim());
			}
		}
		catch (NumberFormatException ex) {
			throw new InvalidInputException("bbox", "format", "must be west,south,east,north in degrees");
		}
		List<FieldProblem> problems = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			if (!Double.isFinite(values[i])) {
				problems.add(new FieldProblem("bbox", "invalid", "must be finite numbers"));
			}
		}
		if (problems.isEmpty() && (values[1] < -90 || values[3] > 90 || values[1] > values[3])) {
			problems.add(new FieldProblem("bbox", "invalid", "south and north must lie in -90..90, south <= north"));
		}
		if (!problems.isEmpty()) {
			throw new InvalidInputException(problems.subList(0, 1));
		}
		// Leaflet gives longitudes beyond ±180 when the world is panned round; bring them
		// back
		double west = values[0];
		double east = values[2];
		if (east - west >= 360) {
			west = -180;
			east = 180;
		}
		else {
			west = wrap(west);
			east = wrap(east);
		}
		return new Bbox(west, values[1], east, values[3]);
	}

	public boolean contains(double latitude, double longitude) {
		if (latitude < this.south || latitude > this.north) {
			return false;
		}
		return (this.west <= this.east) ? (longitude >= this.west && longitude <= this.east)
				: (longitude >= this.west || longitude <= this.east);
	}

	private static double wrap(double longitude) {
		if (longitude >= -180 && longitude <= 180) {
			return longitude;
		}
		double wrapped = ((longitude + 180) % 360 + 360) % 360 - 180;
		return wrapped;
	}

}
