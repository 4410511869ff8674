package ru.visitflow.route;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Opening hours read from the common Russian ways of writing them on a company card: day
 * ranges and lists, weekdays and weekend words, "every day", "round the clock", days off,
 * hour ranges with or without minutes ("9-18", "from 9 to 18"), and a lunch break (see
 * {@code route/opening-hours.properties} for the words and {@code OpeningHoursTests} for
 * examples). Times are minutes of the day (24:00 is 1440). What could not be read is kept
 * in {@link #unreadable()}.
 */
public final class OpeningHours {

	/** The Russian vocabulary, from {@code route/opening-hours.properties}. */
	private static final Properties WORDS = words();

	private static final Map<DayOfWeek, Pattern> DAYS = days();

	private static final String DAY = "("
			+ String.join("|", WORDS.getProperty("day.MONDAY"), WORDS.getProperty("day.TUESDAY"),
					WORDS.getProperty("day.WEDNESDAY"), WORDS.getProperty("day.THURSDAY"),
					WORDS.getProperty("day.FRIDAY"), WORDS.getProperty("day.SATURDAY"), WORDS.getProperty("day.SUNDAY"))
			+ ")";

	private static final String TIME = "(\\d{1,2})(?:[:.](\\d{2}))?";

	private static final String UNTIL = "\\s*(?:-|" + WORDS.getProperty("to") + ")\\s*";

	private static final Pattern TOKEN = Pattern.compile("(?<allday>" + WORDS.getProperty("allday") + ")" + "|(?<every>"
			+ WORDS.getProperty("every") + ")" + "|(?<closed>" + WORDS.getProperty("closed") + ")" + "|(?<weekdays>"
			+ WORDS.getProperty("weekdays") + ")" + "|(?<weekend>" + WORDS.getProperty("weekend") + ")" + "|(?<range>"
			+ DAY + "\\s*-\\s*" + DAY + ")" + "|(?<day>" + DAY + ")" + "|(?<pause>" + WORDS.getProperty("pause") + ")"
			+ "|(?<time>(?:" + WORDS.getProperty("from") + "\\s*)?" + TIME + UNTIL + TIME + ")");

	private static final Pattern TIMES = Pattern.compile(TIME + UNTIL + TIME);

	private static final Pattern FILLER = Pattern.compile("\\b(" + WORDS.getProperty("filler") + ")\\b");

	private final Map<DayOfWeek, List<int[]>> open;

	private final String unreadable;

	private OpeningHours(Map<DayOfWeek, List<int[]>> open, String unreadable) {
		this.open = open;
		this.unreadable = unreadable;
	}

	/**
	 * Reads the text; never fails: what is not understood is in {@link #unreadable()}.
	 */
	public static OpeningHours parse(String text) {
		Map<DayOfWeek, List<int[]>> hours = new EnumMap<>(DayOfWeek.class);
		Map<DayOfWeek, List<int[]>> breaks = new EnumMap<>(DayOfWeek.class);
		if (text == null || text.isBlank()) {
			return new OpeningHours(hours, null);
		}
		String normal = text.toLowerCase(Locale.ROOT)
			.replace('\u0451', '\u0435')
			.replaceAll("[\u2013\u2014\u2212]", "-");
		Matcher tokens = TOKEN.matcher(normal);
		Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
		boolean daysUsed = false;
		boolean pause = false;
		boolean understood = false;
		StringBuilder residue = new StringBuilder();
		int last = 0;
		while (tokens.find()) {
			residue.append(normal, last, tokens.start()).append(' ');
			last = tokens.end();
			if (tokens.group("allday") != null || tokens.group("every") != null || tokens.group("weekdays") != null
					|| tokens.group("weekend") != null || tokens.group("range") != null
					|| tokens.group("day") != null) {
				if (daysUsed) {
					days = EnumSet.noneOf(DayOfWeek.class);
					daysUsed = false;
				}
				pause = false;
			}
			if (tokens.group("allday") != null) {
				for (DayOfWeek day : DayOfWeek.values()) {
					hours.computeIfAbsent(day, (d) -> new ArrayList<>()).add(new int[] { 0, 1440 });
				}
				understood = true;
			}
			else if (tokens.group("every") != null) {
				days.addAll(EnumSet.allOf(DayOfWeek.class));
			}
			else if (tokens.group("weekdays") != null) {
				days.addAll(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY));
			}
			else if (tokens.group("weekend") != null) {
				days.addAll(EnumSet.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY));
			}
			else if (tokens.group("range") != null) {
				String[] ends = tokens.group("range").split("\\s*-\\s*");
				DayOfWeek from = day(ends[0]);
				DayOfWeek to = day(ends[1]);
				for (int d = from.getValue();; d = d % 7 + 1) {
					days.add(DayOfWeek.of(d));
					if (d == to.getValue()) {
						break;
					}
				}
			}
			else if (tokens.group("day") != null) {
				days.add(day(tokens.group("day")));
			}
			else if (tokens.group("closed") != null) {
				for (DayOfWeek day : days) {
					hours.remove(day);
				}
				daysUsed = true;
				understood = true;
			}
			else if (tokens.group("pause") != null) {
				pause = true;
			}
			else if (tokens.group("time") != null) {
				Matcher t = TIMES.matcher(tokens.group("time"));
				t.find();
				int from = minutes(t.group(1), t.group(2));
				int to = minutes(t.group(3), t.group(4));
				if (from < 0 || to < 0 || to <= from) {
					residue.append(tokens.group("time")).append(' ');
					continue;
				}
				Set<DayOfWeek> target = days.isEmpty() ? (pause ? hours.keySet() : EnumSet.allOf(DayOfWeek.class))
						: days;
				Map<DayOfWeek, List<int[]>> into = pause ? breaks : hours;
				for (DayOfWeek day : Set.copyOf(target)) {
					if (!pause) {
						into.remove(day);
					}
					into.computeIfAbsent(day, (d) -> new ArrayList<>()).add(new int[] { from, to });
				}
				daysUsed = true;
				pause = false;
				understood = true;
			}
		}
		residue.append(normal.substring(last));
		String left = FILLER.matcher(residue.toString().replaceAll("[\\p{Punct}\\s]+", " ")).replaceAll(" ").trim();
		Map<DayOfWeek, List<int[]>> open = new EnumMap<>(DayOfWeek.class);
		hours.forEach((day, intervals) -> open.put(day, subtract(intervals, breaks.getOrDefault(day, List.of()))));
		String unreadable = (!understood) ? text.trim() : (left.isBlank() ? null : left);
		return new OpeningHours(understood ? open : Map.of(), unreadable);
	}

	/**
	 * Whether anything was read; a text with nothing readable leaves the company's hours
	 * unknown.
	 */
	public boolean known() {
		return !this.open.isEmpty() || (this.unreadable == null);
	}

	/** What could not be read, or null. */
	public String unreadable() {
		return this.unreadable;
	}

	/**
	 * The open intervals of a day in minutes, sorted; an empty list means closed that
	 * day. Hours that were not read at all mean open all day.
	 */
	public List<int[]> intervals(DayOfWeek day) {
		if (this.open.isEmpty()) {
			return List.of(new int[] { 0, 1440 });
		}
		return this.open.getOrDefault(day, List.of());
	}

	private static List<int[]> subtract(List<int[]> intervals, List<int[]> breaks) {
		List<int[]> result = new ArrayList<>();
		for (int[] interval : intervals) {
			List<int[]> pieces = new ArrayList<>(List.of(interval));
			for (int[] pause : breaks) {
				List<int[]> next = new ArrayList<>();
				for (int[] piece : pieces) {
					if (pause[1] <= piece[0] || pause[0] >= piece[1]) {
						next.add(piece);
						continue;
					}
					if (pause[0] > piece[0]) {
						next.add(new int[] { piece[0], pause[0] });
					}
					if (pause[1] < piece[1]) {
						next.add(new int[] { pause[1], piece[1] });
					}
				}
				pieces = next;
			}
			result.addAll(pieces);
		}
		result.sort((a, b) -> Integer.compare(a[0], b[0]));
		return result;
	}

	private static int minutes(String hours, String minutes) {
		int h = Integer.parseInt(hours);
		int m = (minutes == null) ? 0 : Integer.parseInt(minutes);
		if (h > 24 || m > 59 || (h == 24 && m > 0)) {
			return -1;
		}
		return h * 60 + m;
	}

	private static DayOfWeek day(String token) {
		String t = token.trim();
		for (Map.Entry<DayOfWeek, Pattern> day : DAYS.entrySet()) {
			if (day.getValue().matcher(t).matches()) {
				return day.getKey();
			}
		}
		throw new IllegalArgumentException("Not a day: " + token);
	}

	private static Properties words() {
		Properties words = new Properties();
		try (InputStream in = OpeningHours.class.getResourceAsStream("/route/opening-hours.properties")) {
			words.load(new InputStreamReader(in, StandardCharsets.UTF_8));
		}
		catch (IOException | NullPointerException ex) {
			throw new IllegalStateException("route/opening-hours.properties is missing from the classpath", ex);
		}
		return words;
	}

	private static Map<DayOfWeek, Pattern> days() {
		Map<DayOfWeek, Pattern> days = new EnumMap<>(DayOfWeek.class);
		for (DayOfWeek day : DayOfWeek.values()) {
			days.put(day, Pattern.compile(WORDS.getProperty("day." + day.name())));
		}
		return days;
	}

}
