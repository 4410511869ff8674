package ru.visitflow.bitrix24.company;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import ru.visitflow.bitrix24.FakeBitrix24;
import ru.visitflow.company.Company;
import ru.visitflow.company.CompanyMirror;
import ru.visitflow.visit.process.LifecycleTestSupport;

/**
 * The company mirror from a scripted Bitrix24: companies with their phones, e-mails and
 * the physical address of their first requisite (two batches per 50 companies), contacts
 * with their company, and the latest change seen.
 */
class CompanySyncTests extends LifecycleTestSupport {

	private static final long BASE = 8_000_000L + (System.nanoTime() & 0xFFFFFL) * 10;

	@Autowired
	private CompanyMirror mirror;

	@Test
	void companiesComeWithTheirPhysicalAddressAndContactsWithTheirCompany() {
		long first = BASE + 1;
		long second = BASE + 2;
		FakeBitrix24 bitrix24 = new FakeBitrix24()
			.answer("crm.company.list", (params) -> List.of(
					Map.of("ID", String.valueOf(first), "TITLE", "ООО «Север»", "ASSIGNED_BY_ID", "2", "DATE_MODIFY",
							"2026-11-30T10:00:00+03:00", "PHONE",
							List.of(Map.of("ID", "1", "VALUE", "+7 495 111-11-11", "VALUE_TYPE", "WORK"))),
					Map.of("ID", String.valueOf(second), "TITLE", "ИП Юг", "DATE_MODIFY", "2026-11-30T12:30:00+03:00")))
			.answer("crm.requisite.list",
					(params) -> ((Map<?, ?>) params.get("filter")).get("ENTITY_ID").equals(first)
							? List.of(Map.of("ID", "31")) : List.of())
			.answer("crm.address.list",
					(params) -> List.of(Map.of("TYPE_ID", "6", "ADDRESS_1", "юридический адрес", "CITY", "Москва"),
							Map.of("TYPE_ID", "1", "ADDRESS_1", "ул. Тверская, 1", "CITY", "Москва")))
			.answer("crm.contact.list",
					(params) -> List.of(Map.of("ID", String.valueOf(BASE + 3), "NAME", "Анна", "COMPANY_ID",
							String.valueOf(first), "EMAIL", List.of(Map.of("ID", "7", "VALUE", "anna@example.ru")))));
		CompanySync sync = new CompanySync(bitrix24, this.mirror);

		Instant latest = sync.importModifiedSince(Instant.parse("2026-11-29T00:00:00Z"));

		Company north = this.mirror.company(first).orElseThrow();
		assertThat(north.title()).isEqualTo("ООО «Север»");
		assertThat(north.phones()).containsExactly("+7 495 111-11-11");
		assertThat(north.address()).isEqualTo("ул. Тверская, 1");
		assertThat(this.mirror.company(second).orElseThrow().address()).isNull();
		assertThat(this.mirror.contactsOf(first)).singleElement()
			.satisfies((contact) -> assertThat(contact.emails()).containsExactly("anna@example.ru"));
		assertThat(latest).isEqualTo(Instant.parse("2026-11-30T09:30:00Z"));
		assertThat(bitrix24.calls("crm.company.list").get(0).params().get("filter"))
			.isEqualTo(Map.of(">=DATE_MODIFY", "2026-11-29T00:00:00Z"));
		assertThat(bitrix24.calls("crm.requisite.list")).hasSize(2);
		assertThat(bitrix24.calls("crm.address.list")).hasSize(1);
	}

}
