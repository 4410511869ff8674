package ru.visitflow.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.mock.env.MockEnvironment;

/**
 * The portal outlives a restart through its snapshot file; under the test profile no file
 * is touched.
 */
class Bitrix24SandboxSnapshotTests {

	@TempDir
	Path directory;

	private SandboxProperties settings(Path file) {
		return new SandboxProperties(file.toString(), Duration.ofSeconds(60), 2, 50, Duration.ofSeconds(5),
				"sandbox.bitrix24.ru", "member", 1, Duration.ofSeconds(1), true, "", "token",
				new SandboxProperties.SmartProcessSettings(1036, null,
						new SandboxProperties.StageCodes("NEW", "PREPARATION", "CLIENT", "UC_OVERDUE", "SUCCESS",
								"FAIL", "UC_CANCELLED"),
						new SandboxProperties.FieldNames("ufCrmVisitStart", "datetime", "ufCrmVisitType",
								"ufCrmVisitDuration")),
				SandboxProperties.CompanyUserFields.defaults());
	}

	@Test
	void itemsAndCompanyEditsSurviveARestart() throws Exception {
		Path file = this.directory.resolve("data/bitrix24-sandbox.json");
		SandboxEvents events = new SandboxEvents(settings(file), new MockEnvironment());
		SandboxPortal portal = new SandboxPortal(settings(file), events);
		SandboxSnapshots snapshots = new SandboxSnapshots(portal, settings(file), new MockEnvironment());
		Map<String, Object> item = new SandboxItems(portal).addItem(1036,
				Map.of("title", "Визит в «Ромашку»", "companyId", 101, "ufCrmVisitStart", "2026-12-20T11:00:00+03:00"),
				2, false);
		new SandboxCrm(portal, settings(file)).updateCompany(101, Map.of("TITLE", "ООО «Ромашка и партнёры»"), 3);
		snapshots.destroy();
		events.destroy();
		assertThat(file).exists();

		SandboxEvents restartedEvents = new SandboxEvents(settings(file), new MockEnvironment());
		SandboxPortal restarted = new SandboxPortal(settings(file), restartedEvents);
		new SandboxSnapshots(restarted, settings(file), new MockEnvironment()).destroy();
		assertThat(new SandboxItems(restarted).item((Long) item.get("id"))).hasValueSatisfying((restored) -> {
			assertThat(restored.get("title")).isEqualTo("Визит в «Ромашку»");
			assertThat(restored.get("ufCrmVisitStart")).isEqualTo("2026-12-20T11:00:00+03:00");
			assertThat(restored.get("createdBy")).isEqualTo(2);
		});
		assertThat(new SandboxCrm(restarted, settings(file)).company(101))
			.hasValueSatisfying((company) -> assertThat(company.get("TITLE")).isEqualTo("ООО «Ромашка и партнёры»"));
		// ids go on where they stopped
		Map<String, Object> next = new SandboxItems(restarted).addItem(1036, Map.of(), 1, false);
		assertThat(((Number) next.get("id")).longValue()).isEqualTo((Long) item.get("id") + 1);
		restartedEvents.destroy();
	}

	@Test
	void nothingIsWrittenUnderTheTestProfile() throws Exception {
		Path file = this.directory.resolve("bitrix24-sandbox.json");
		SandboxEvents events = new SandboxEvents(settings(file), new MockEnvironment());
		SandboxPortal portal = new SandboxPortal(settings(file), events);
		MockEnvironment test = new MockEnvironment();
		test.setActiveProfiles("test");
		SandboxSnapshots snapshots = new SandboxSnapshots(portal, settings(file), test);
		new SandboxItems(portal).addItem(1036, Map.of(), 1, false);
		snapshots.destroy();
		events.destroy();
		assertThat(Files.exists(file)).isFalse();
	}

	@Test
	void theSeedIsTheSameOnEveryFreshStart() {
		PortalState first = SandboxSeed.demo();
		PortalState second = SandboxSeed.demo();
		assertThat(first.companies).hasSize(300).isEqualTo(second.companies);
		assertThat(first.contacts).isEqualTo(second.contacts);
		assertThat(first.addresses).hasSize(300).isEqualTo(second.addresses);
		assertThat(first.companies.get(101L).get("TITLE")).isEqualTo("ООО «Ромашка»");
		assertThat(first.companies.get(203L).get("TITLE")).isEqualTo("Сеть аптек «Здоровье»");
		assertThat(first.users).extracting((user) -> user.get("NAME") + " " + user.get("LAST_NAME"))
			.startsWith("Ирина Соколова", "Алексей Петров", "Мария Иванова", "Администратор ");
		assertThat(first.items).isEmpty();
	}

}
