package ru.visitflow.bitrix24.company;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

import ru.visitflow.bitrix24.client.Bitrix24;
import ru.visitflow.company.CompanyMirror;
import ru.visitflow.geo.CompanyPositions;
import ru.visitflow.visit.process.LifecycleTestSupport;

/**
 * An approved position reaches the Bitrix24 coordinates field, through the real client
 * and the built-in sandbox over HTTP, and comes back into the mirror from there. (Same
 * settings as the Bitrix24 end-to-end tests, so the two share one application context.)
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "visitflow.bitrix24-sandbox.requests-per-second=500", "visitflow.bitrix24-sandbox.burst=5000",
				"visitflow.bitrix24-sandbox.snapshot-file=", "visitflow.bitrix24.rate-limit.requests-per-second=500",
				"visitflow.bitrix24.rate-limit.burst=5000", "visitflow.bitrix24.retry.max-attempts=2",
				"visitflow.bitrix24.retry.initial-backoff=5ms", "visitflow.bitrix24.retry.max-backoff=10ms",
				"visitflow.bitrix24.sync.retries=2", "visitflow.bitrix24.sync.retry-backoff=1s",
				"spring.datasource.url=jdbc:h2:mem:visitflow-e2e;DB_CLOSE_DELAY=-1" })
class CoordinatesWriteBackTests extends LifecycleTestSupport {

	@Autowired
	private Bitrix24 bitrix24;

	@Autowired
	private CompanySync companySync;

	@Autowired
	private CompanyMirror mirror;

	@Autowired
	private CompanyPositions positions;

	@Autowired
	private JdbcClient jdbc;

	@Test
	void anApprovedCheckInPositionIsWrittenToTheBitrix24Field() {
		long id = this.bitrix24
			.call("crm.company.add", Map.of("fields", Map.of("TITLE", "ООО «Координаты»", "ASSIGNED_BY_ID", 2,
					"UF_CRM_COORDINATES", "55.700000,37.600000")))
			.result()
			.asLong();
		this.companySync.refresh(id);
		assertThat(this.mirror.company(id).orElseThrow().latitude()).isEqualTo(55.7);
		this.positions.propose(id, 55.7512, 37.6184, 15, "visit-e2e");
		long proposal = this.jdbc.sql("select max(id) from location_proposal where company_id = ?")
			.param(id)
			.query(Long.class)
			.single();
		this.positions.approve(proposal, HEAD);
		String field = this.bitrix24.call("crm.company.get", Map.of("id", id))
			.result()
			.path("UF_CRM_COORDINATES")
			.asText();
		assertThat(field).isEqualTo("55.751200,37.618400");
		assertThat(this.jdbc.sql("select bitrix24_written from geo_position where company_id = ?")
			.param(id)
			.query(Boolean.class)
			.single()).isTrue();
		// the next sync brings it into the mirror: both sources now agree
		this.companySync.refresh(id);
		assertThat(List.of(this.mirror.company(id).orElseThrow().latitude(),
				this.mirror.company(id).orElseThrow().longitude()))
			.containsExactly(55.7512, 37.6184);
	}

}
