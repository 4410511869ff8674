package ru.visitflow.route;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The common Russian ways of writing opening hours, and what cannot be read. */
class OpeningHoursTests {

	private static List<String> day(OpeningHours hours, DayOfWeek day) {
		return hours.intervals(day).stream().map((i) -> clock(i[0]) + "-" + clock(i[1])).toList();
	}

	private static String clock(int minutes) {
		return String.format("%02d:%02d", minutes / 60, minutes % 60);
	}

	@Test
	void weekdaysWithALunchBreak() {
		OpeningHours hours = OpeningHours.parse("пн–пт 9:00–18:00, перерыв 13:00–14:00");
		assertThat(day(hours, DayOfWeek.MONDAY)).containsExactly("09:00-13:00", "14:00-18:00");
		assertThat(day(hours, DayOfWeek.FRIDAY)).containsExactly("09:00-13:00", "14:00-18:00");
		assertThat(day(hours, DayOfWeek.SATURDAY)).isEmpty();
		assertThat(hours.unreadable()).isNull();
	}

	@Test
	void severalGroupsAndADayOff() {
		OpeningHours hours = OpeningHours.parse("Пн-Пт 9-18; Сб 10-16; Вс выходной");
		assertThat(day(hours, DayOfWeek.WEDNESDAY)).containsExactly("09:00-18:00");
		assertThat(day(hours, DayOfWeek.SATURDAY)).containsExactly("10:00-16:00");
		assertThat(day(hours, DayOfWeek.SUNDAY)).isEmpty();
		assertThat(hours.unreadable()).isNull();
	}

	@Test
	void everyDayAndRoundTheClock() {
		assertThat(day(OpeningHours.parse("ежедневно с 10 до 22"), DayOfWeek.SUNDAY)).containsExactly("10:00-22:00");
		assertThat(day(OpeningHours.parse("Круглосуточно"), DayOfWeek.TUESDAY)).containsExactly("00:00-24:00");
		assertThat(day(OpeningHours.parse("без выходных 8:00-20:00"), DayOfWeek.SATURDAY))
			.containsExactly("08:00-20:00");
	}

	@Test
	void weekdaysAndWeekendWords() {
		OpeningHours hours = OpeningHours.parse("будни 8:00-20:00, выходные 10:00-18:00");
		assertThat(day(hours, DayOfWeek.THURSDAY)).containsExactly("08:00-20:00");
		assertThat(day(hours, DayOfWeek.SUNDAY)).containsExactly("10:00-18:00");
	}

	@Test
	void aListOfDaysWithLunch() {
		OpeningHours hours = OpeningHours.parse("пн, ср, пт 10-17 обед 13-14");
		assertThat(day(hours, DayOfWeek.WEDNESDAY)).containsExactly("10:00-13:00", "14:00-17:00");
		assertThat(day(hours, DayOfWeek.TUESDAY)).isEmpty();
	}

	@Test
	void unreadableTextIsReportedAndLeavesTheDayOpen() {
		OpeningHours hours = OpeningHours.parse("по договорённости с менеджером");
		assertThat(hours.unreadable()).isEqualTo("по договорённости с менеджером");
		assertThat(day(hours, DayOfWeek.MONDAY)).containsExactly("00:00-24:00");
	}

	@Test
	void partlyReadableTextSaysWhatWasLeft() {
		OpeningHours hours = OpeningHours.parse("пн-пт 9-18, санитарный день последняя пятница");
		assertThat(day(hours, DayOfWeek.MONDAY)).containsExactly("09:00-18:00");
		assertThat(hours.unreadable()).contains("санитарный");
	}

	@Test
	void noHoursMeanOpenAllDay() {
		assertThat(day(OpeningHours.parse(null), DayOfWeek.MONDAY)).containsExactly("00:00-24:00");
	}

}
