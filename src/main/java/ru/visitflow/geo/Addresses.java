package ru.visitflow.geo;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/** One-line addresses for geocoding and the normalised key their answers are cached by. */
public final class Addresses {

	// common abbreviations, so "улица Ленина, дом 5" and "ул. Ленина, д. 5" share one cache entry
	private static final Map<String, String> WORDS = Map.ofEntries(Map.entry("улица", "ул"), Map.entry("проспект", "пр-т"),
			Map.entry("просп", "пр-т"), Map.entry("пр", "пр-т"), Map.entry("дом", "д"), Map.entry("город", "г"),
			Map.entry("переулок", "пер"), Map.entry("площадь", "пл"), Map.entry("пл", "пл"), Map.entry("шоссе", "ш"),
			Map.entry("бульвар", "б-р"), Map.entry("бул", "б-р"), Map.entry("набережная", "наб"),
			Map.entry("корпус", "к"), Map.entry("корп", "к"), Map.entry("строение", "стр"), Map.entry("область", "обл"),
			Map.entry("россия", "рф"), Map.entry("российская", "рф"));

	private Addresses() {
	}

	/** Street, city, region and country joined, leaving out parts already written in the street line. */
	public static String oneLine(String street, String city, String region, String postalCode, String country) {
		List<String> parts = new ArrayList<>();
		for (String part : new String[] { street, city, region, country }) {
			if (part == null || part.isBlank()) {
				continue;
			}
			String trimmed = part.trim();
			boolean known = parts.stream().anyMatch((p) -> p.toLowerCase(Locale.ROOT).contains(trimmed.toLowerCase(Locale.ROOT)));
			if (!known) {
				parts.add(trimmed);
			}
		}
		return parts.isEmpty() ? null : String.join(", ", parts);
	}

	/**
	 * The cache key: lower case, ё as е, punctuation and extra spaces dropped, common abbreviations unified.
	 */
	public static String key(String address) {
		Objects.requireNonNull(address, "address");
		String text = address.toLowerCase(Locale.ROOT).replace('ё', 'е').replaceAll("[.,;:!?\"'()\\[\\]{}/\\\\#*«»№—–]+", " ");
		StringBuilder key = new StringBuilder();
		for (String word : text.trim().split("\\s+")) {
			if (word.isEmpty() || word.equals("федерация")) {
				continue;
			}
			if (key.length() > 0) {
				key.append(' ');
			}
			key.append(WORDS.getOrDefault(word, word));
		}
		return key.toString();
	}

}
