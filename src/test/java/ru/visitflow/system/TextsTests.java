package ru.visitflow.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * What people read comes from the message bundles, in Russian and English alike: every
 * key is in both languages, and no Russian text hides in Java code (logs and exceptions
 * are English) except the demo data and the sandbox's seed, which are data.
 */
class TextsTests {

	private static final Path RESOURCES = Path.of("src/main/resources");

	private static final Path MAIN_JAVA = Path.of("src/main/java");

	private static final Pattern CYRILLIC = Pattern.compile("\\p{IsCyrillic}");

	private static final Set<String> DATA = Set.of("ru/visitflow/demo/", "ru/visitflow/sandbox/SandboxSeed.java");

	@Test
	void everyBundleKeyIsInBothLanguages() throws IOException {
		List<Path> russian = new ArrayList<>();
		russian.add(RESOURCES.resolve("messages.properties"));
		try (Stream<Path> bundles = Files.list(RESOURCES.resolve("i18n"))) {
			bundles.filter((path) -> !path.getFileName().toString().endsWith("_en.properties")).forEach(russian::add);
		}
		assertThat(russian).hasSizeGreaterThan(1);
		for (Path ru : russian) {
			Path en = ru.resolveSibling(ru.getFileName().toString().replace(".properties", "_en.properties"));
			assertThat(en).as("the English bundle beside " + ru).exists();
			Set<String> ruKeys = keys(ru);
			Set<String> enKeys = keys(en);
			assertThat(enKeys).as("keys of " + ru + " missing in English").containsAll(ruKeys);
			assertThat(ruKeys).as("keys of " + en + " missing in Russian").containsAll(enKeys);
		}
	}

	@Test
	void javaCodeHoldsNoRussianTextOutsideDemoData() throws IOException {
		List<String> offenders = new ArrayList<>();
		try (Stream<Path> files = Files.walk(MAIN_JAVA)) {
			for (Path file : files.filter((path) -> path.toString().endsWith(".java")).toList()) {
				String relative = MAIN_JAVA.relativize(file).toString().replace('\\', '/');
				if (DATA.stream().anyMatch(relative::startsWith)) {
					continue;
				}
				List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
				for (int i = 0; i < lines.size(); i++) {
					if (CYRILLIC.matcher(lines.get(i)).find()) {
						offenders.add(relative + ":" + (i + 1));
					}
				}
			}
		}
		assertThat(offenders).as("Russian text in Java code: move it to a message bundle").isEmpty();
	}

	private static Set<String> keys(Path bundle) throws IOException {
		Properties properties = new Properties();
		try (InputStream in = Files.newInputStream(bundle)) {
			properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
		}
		return new TreeSet<>(properties.stringPropertyNames());
	}

}
