package ru.visitflow.architecture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The module graph as {@link ModuleRules} describes it: checked on the application's
 * classes, and shown to fail on a fixture that breaks the rules; every package says what
 * it owns in a {@code package-info.java}.
 */
class ArchitectureTests {

	private static final String ROOT = "ru.visitflow";

	private static final String FIXTURE = "ru.visitflow.architecture.fixture";

	private static final JavaClasses APPLICATION = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages(ROOT);

	private static final JavaClasses BROKEN = new ClassFileImporter().importPackages(FIXTURE);

	@TestFactory
	Stream<DynamicTest> theApplicationKeepsEveryModuleRule() {
		return ModuleRules.of(ROOT)
			.entrySet()
			.stream()
			.map((rule) -> DynamicTest.dynamicTest(rule.getKey(), () -> rule.getValue().check(APPLICATION)));
	}

	@Test
	void theRulesFailOnDependenciesAgainstThem() {
		Map<String, ArchRule> rules = ModuleRules.of(FIXTURE);
		for (String broken : List.of("system depends on nothing of Visitflow",
				"visit depends on company, identity and system only",
				"capabilities use the domain and each other, never Bitrix24 or the sandbox",
				"only bitrix24 code speaks Bitrix24", "nothing depends on the sandbox",
				"the sandbox knows nothing of Visitflow but the Bitrix24 wire format", "no cycles between modules")) {
			assertThatThrownBy(() -> rules.get(broken).check(BROKEN)).as(broken)
				.isInstanceOf(AssertionError.class)
				.hasMessageContaining(FIXTURE);
		}
		// the fixture's client itself is clean: a rule fails only where the dependency is
		assertThatCode(() -> rules.get("the Bitrix24 client knows nothing of Visitflow's domain").check(BROKEN))
			.doesNotThrowAnyException();
	}

	@Test
	void everyPackageSaysWhatItOwns() throws IOException {
		Path sources = Path.of("src/main/java/ru/visitflow");
		try (Stream<Path> directories = Files.walk(sources)) {
			List<Path> undocumented = directories.filter(Files::isDirectory)
				.filter(ArchitectureTests::holdsJava)
				.filter((directory) -> !Files.exists(directory.resolve("package-info.java")))
				.toList();
			assertThat(undocumented).as("packages without a package-info.java").isEmpty();
		}
	}

	private static boolean holdsJava(Path directory) {
		try (Stream<Path> files = Files.list(directory)) {
			return files.anyMatch((file) -> file.toString().endsWith(".java"));
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
