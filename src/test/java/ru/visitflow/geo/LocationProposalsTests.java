package ru.visitflow.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import ru.visitflow.company.CoordinatesWriteBack;
import ru.visitflow.company.Company;
import ru.visitflow.company.CompanyMirror;
import ru.visitflow.company.CompanyOpeningHours;
import ru.visitflow.identity.Actor;
import ru.visitflow.identity.Role;
import ru.visitflow.system.ConflictException;
import ru.visitflow.system.ForbiddenException;
import ru.visitflow.system.InvalidInputException;
import ru.visitflow.visit.process.LifecycleTestSupport;

/**
 * Proposals from check-ins and pins: only supervisors of the company's team decide, an
 * approved position wins over the Bitrix24 field and is written back after its
 * transaction, a failed write-back is retried.
 */
class LocationProposalsTests extends LifecycleTestSupport {

	private static final AtomicLong ids = new AtomicLong(6_600_000 + System.nanoTime() % 100_000);

	private static final Actor ADMIN = new Actor("admin", Set.of(Role.ADMIN));

	@Autowired
	private GeoRepository repository;

	@Autowired
	private CompanyAccess access;

	@Autowired
	private TransactionTemplate transactions;

	@Autowired
	private PositionListeners listeners;

	@Autowired
	private CompanyMirror mirror;

	@Autowired
	private CompanyOpeningHours openingHours;

	@Autowired
	private JdbcClient jdbc;

	private final List<String> written = new CopyOnWriteArrayList<>();

	private final AtomicBoolean bitrix24Down = new AtomicBoolean();

	private final AtomicBoolean transactionOpenDuringWrite = new AtomicBoolean();

	private CompanyPositions positions;

	@BeforeEach
	void positions() {
		CoordinatesWriteBack writer = (companyId, latitude, longitude) -> {
			if (TransactionSynchronizationManager.isActualTransactionActive()) {
				this.transactionOpenDuringWrite.set(true);
			}
			if (this.bitrix24Down.get()) {
				throw new IllegalStateException("Bitrix24 is unavailable");
			}
			this.written.add(companyId + ":" + latitude + "," + longitude);
		};
		this.positions = new CompanyPositions(this.repository, this.access, writer, this.transactions, this.listeners,
				Clock.systemUTC(), this.openingHours);
	}

	private long company(long owner) {
		long id = ids.incrementAndGet();
		this.mirror.save(new Company(id, "ООО «Точка " + id + "»", owner, List.of(), List.of(), "ул. Тверская, 1",
				"Москва", "Москва", null, "Россия", 55.70, 37.60, Instant.now()));
		return id;
	}

	private long lastProposal(long companyId) {
		return this.jdbc.sql("select max(id) from location_proposal where company_id = ?")
			.param(companyId)
			.query(Long.class)
			.single();
	}

	@Test
	void aSupervisorApprovesAndThePositionIsWrittenBack() {
		long company = company(2L);
		this.positions.propose(company, 55.7512, 37.6184, 18.5, "visit-1");
		long proposal = lastProposal(company);
		assertThat(this.positions.pending(REP1)).isEmpty();
		assertThat(this.positions.pending(HEAD)).extracting(LocationProposal::id).contains(proposal);
		assertThatThrownBy(() -> this.positions.approve(proposal, REP1)).isInstanceOf(ForbiddenException.class);
		assertThat(this.written).isEmpty();
		Position approved = this.positions.approve(proposal, HEAD);
		assertThat(approved.source()).isEqualTo(CoordinateSource.CHECK_IN);
		// the approved position wins over the Bitrix24 field
		Position now = this.positions.of(company).orElseThrow();
		assertThat(now.source()).isEqualTo(CoordinateSource.CHECK_IN);
		assertThat(now.latitude()).isEqualTo(55.7512);
		assertThat(this.written).containsExactly(company + ":55.7512,37.6184");
		assertThat(this.transactionOpenDuringWrite).isFalse();
		assertThat(this.repository.proposal(proposal).orElseThrow().status())
			.isEqualTo(LocationProposal.Status.APPROVED);
		assertThatThrownBy(() -> this.positions.approve(proposal, HEAD)).isInstanceOf(ConflictException.class);
	}

	@Test
	void aRejectedProposalChangesNothing() {
		long company = company(3L);
		this.positions.propose(company, 56.0, 60.0, 40, "visit-2");
		long proposal = lastProposal(company);
		assertThatThrownBy(() -> this.positions.reject(proposal, REP2)).isInstanceOf(ForbiddenException.class);
		this.positions.reject(proposal, HEAD);
		assertThat(this.positions.of(company).orElseThrow().source()).isEqualTo(CoordinateSource.BITRIX24);
		assertThat(this.written).isEmpty();
		assertThat(this.positions.pending(HEAD)).extracting(LocationProposal::id).doesNotContain(proposal);
	}

	@Test
	void aSupervisorOfAnotherTeamMayNotDecide() {
		// rep3 (Bitrix24 user 5) is in no one's team: head1 may not touch their company,
		// an admin may
		long company = company(5L);
		this.positions.propose(company, 55.8, 37.5, 30, "visit-3");
		long proposal = lastProposal(company);
		assertThat(this.positions.pending(HEAD)).extracting(LocationProposal::id).doesNotContain(proposal);
		assertThatThrownBy(() -> this.positions.approve(proposal, HEAD)).isInstanceOf(ForbiddenException.class);
		assertThatThrownBy(() -> this.positions.move(company, 55.8, 37.5, HEAD)).isInstanceOf(ForbiddenException.class);
		assertThat(this.positions.approve(proposal, ADMIN).source()).isEqualTo(CoordinateSource.CHECK_IN);
	}

	@Test
	void badProposalsAreRefusedAndStoreNothing() {
		long company = company(2L);
		assertThatThrownBy(() -> this.positions.propose(company, 91, 37, 10, "v"))
			.isInstanceOf(InvalidInputException.class);
		assertThatThrownBy(() -> this.positions.propose(company, 55, 37, -1, "v"))
			.isInstanceOf(InvalidInputException.class);
		assertThat(this.jdbc.sql("select count(*) from location_proposal where company_id = ?")
			.param(company)
			.query(Long.class)
			.single()).isZero();
	}

	@Test
	void aPinWhoseWriteBackFailedIsRetried() {
		long company = company(2L);
		assertThatThrownBy(() -> this.positions.move(company, 55.76, 37.61, REP1))
			.isInstanceOf(ForbiddenException.class);
		this.bitrix24Down.set(true);
		Position pin = this.positions.move(company, 55.76, 37.61, HEAD);
		assertThat(pin.source()).isEqualTo(CoordinateSource.MANUAL);
		assertThat(this.positions.of(company).orElseThrow().source()).isEqualTo(CoordinateSource.MANUAL);
		assertThat(this.jdbc.sql("select bitrix24_error from geo_position where company_id = ?")
			.param(company)
			.query(String.class)
			.single()).contains("unavailable");
		this.bitrix24Down.set(false);
		this.positions.retryWriteBacks();
		assertThat(this.written).contains(company + ":55.76,37.61");
		assertThat(this.jdbc.sql("select bitrix24_written from geo_position where company_id = ?")
			.param(company)
			.query(Boolean.class)
			.single()).isTrue();
	}

}
