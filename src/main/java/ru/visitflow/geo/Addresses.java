package ru.visitflow.geo;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * One-line addresses for geocoding and the normalised key their answers are cached by.
 */
public final class Addresses {

	/**
	 * Common words and their abbreviations, from {@code geo/address-words.properties}.
	 */
	private static final Map<String, String> WORDS = words();

	private Addresses() {
	}

	/**
	 * Street, city, region and country joined, leaving out parts already written in the
	 * street line.
	 */
	public static String oneLine(String street, String city, String region, String postalCode, String country) {
		List<String> parts = new ArrayList<>();
		for (String part : new String[] { street, city, region, country }) {
			if (part == null || part.isBlank()) {
				continue;
			}
			String trimmed = part.trim();
			boolean known = parts.stream()
				.anyMatch((p) -> p.toLowerCase(Locale.ROOT).contains(trimmed.toLowerCase(Locale.ROOT)));
			if (!known) {
				parts.add(trimmed);
			}
		}
		return parts.isEmpty() ? null : String.join(", ", parts);
	}

	private static Map<String, String> words() {
		Properties words = new Properties();
		try (InputStream in = Addresses.class.getResourceAsStream("/geo/address-words.properties")) {
			words.load(new InputStreamReader(in, StandardCharsets.UTF_8));
		}
		catch (IOException | NullPointerException ex) {
			throw new IllegalStateException("geo/address-words.properties is missing from the classpath", ex);
		}
		Map<String, String> map = new HashMap<>();
		words.forEach((word, replacement) -> map.put((String) word, (String) replacement));
		return Map.copyOf(map);
	}

	/**
	 * The cache key: lower case, yo as ye, punctuation and extra spaces dropped, common
	 * abbreviations unified.
	 */
	public static String key(String address) {
		Objects.requireNonNull(address, "address");
		String text = address.toLowerCase(Locale.ROOT)
			.replace('\u0451', '\u0435')
			.replaceAll("[.,;:!?\"'()\\[\\]{}/\\\\#*«»№—–]+", " ");
		StringBuilder key = new StringBuilder();
		for (String word : text.trim().split("\\s+")) {
			String unified = WORDS.getOrDefault(word, word);
			if (word.isEmpty() || unified.equals("-")) {
				continue;
			}
			if (key.length() > 0) {
				key.append(' ');
			}
			key.append(unified);
		}
		return key.toString();
	}

}
