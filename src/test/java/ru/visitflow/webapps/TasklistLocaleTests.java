package ru.visitflow.webapps;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import org.springframework.core.io.ClassPathResource;

/**
 * Tasklist in Russian: Visitflow's translation covers every label of the Tasklist it
 * ships with.
 */
class TasklistLocaleTests {

	private static final String LOCALES = "META-INF/resources/webjars/camunda/app/tasklist/locales/";

	private final ObjectMapper json = new ObjectMapper();

	@Test
	void russianTasklistHasEveryLabelOfTheEnglishOneAndNoOther() throws IOException {
		JsonNode english = read(LOCALES + "en.json");
		JsonNode russian = read(LOCALES + "ru.json");
		Set<String> englishLabels = new HashSet<>();
		english.get("labels").fieldNames().forEachRemaining(englishLabels::add);
		Set<String> russianLabels = new HashSet<>();
		russian.get("labels").fieldNames().forEachRemaining(russianLabels::add);
		assertThat(russianLabels).containsExactlyInAnyOrderElementsOf(englishLabels);
		assertThat(russian.at("/labels/CLAIM_TASK").asText()).isEqualTo("Взять");
		assertThat(russian.at("/labels/COMPLETE").asText()).isEqualTo("Завершить");
	}

	@Test
	void russianDatesAreDayMonthYear() throws IOException {
		JsonNode russian = read(LOCALES + "ru.json");
		assertThat(russian.at("/dateLocales/longDateFormat/L").asText()).isEqualTo("DD.MM.YYYY");
		assertThat(russian.at("/dateLocales/week/dow").asInt()).isEqualTo(1);
		assertThat(russian.at("/dateLocales/months")).hasSize(12);
	}

	private JsonNode read(String path) throws IOException {
		try (InputStream in = new ClassPathResource(path).getInputStream()) {
			byte[] bytes = in.readAllBytes();
			String text = new String(bytes, StandardCharsets.UTF_8);
			// Camunda's locale files start with a byte-order mark
			return this.json.readTree(text.startsWith("\uFEFF") ? text.substring(1) : text);
		}
	}

}
