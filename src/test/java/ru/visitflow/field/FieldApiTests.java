package ru.visitflow.field;

import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.cookie;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.mockito.ArgumentMatchers.anyDouble;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import jakarta.servlet.http.Cookie;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import ru.visitflow.company.Company;
import ru.visitflow.company.CompanyMirror;
import ru.visitflow.geo.CompanyPositions;
import ru.visitflow.visit.Visit;
import ru.visitflow.visit.VisitAttachments;
import ru.visitflow.visit.VisitStage;
import ru.visitflow.visit.process.LifecycleTestSupport;
import ru.visitflow.visit.NewVisit;
import ru.visitflow.visit.VisitFilter;
import ru.visitflow.identity.Actor;

/**
 * The field app's API: idempotency keys, conflicts, uploads, access, check-in grades and
 * flags through HTTP. The engine clock stands at Tuesday 1 December 2026, 09:00 in
 * Moscow.
 */
@AutoConfigureMockMvc
class FieldApiTests extends LifecycleTestSupport {

	private static final RequestPostProcessor REP1_LOGIN = httpBasic("rep1", "secret");

	private static final RequestPostProcessor REP2_LOGIN = httpBasic("rep2", "secret");

	private static final RequestPostProcessor HEAD_LOGIN = httpBasic("head1", "secret");

	private static final double LAT = 55.7558;

	private static final double LON = 37.6173;

	private static final double METRES_PER_DEGREE = 6_371_008.8 * Math.PI / 180;

	@Autowired
	private MockMvc mvc;

	@Autowired
	private CompanyMirror companies;

	@Autowired
	private VisitAttachments attachments;

	@Autowired
	private CheckIns checkIns;

	@MockitoSpyBean
	private CompanyPositions proposals;

	@Test
	void theSameKeyTwiceAppliesOnceAndAnswersTheFirstAnswer() throws Exception {
		Visit visit = located(REP1, "2026-12-01T12:00");
		String body = check(LAT, LON, 20);
		String first = this.mvc
			.perform(post("/api/field/visits/" + visit.id() + "/check-in").with(REP1_LOGIN)
				.header("Idempotency-Key", "phone-key-1")
				.contentType(MediaType.APPLICATION_JSON)
				.content(body))
			.andExpect(status().isCreated())
			.andReturn()
			.getResponse()
			.getContentAsString();
		this.mvc
			.perform(post("/api/field/visits/" + visit.id() + "/check-in").with(REP1_LOGIN)
				.header("Idempotency-Key", "phone-key-1")
				.contentType(MediaType.APPLICATION_JSON)
				.content(body))
			.andExpect(status().isCreated())
			.andExpect(header().string("Idempotent-Replayed", "true"))
			.andExpect(content().json(first, true));
		assertThat(this.checkIns.of(visit.id(), REP1)).hasSize(1);
		// the same key with another body is refused and changes nothing
		this.mvc
			.perform(post("/api/field/visits/" + visit.id() + "/check-in").with(REP1_LOGIN)
				.header("Idempotency-Key", "phone-key-1")
				.contentType(MediaType.APPLICATION_JSON)
				.content(check(LAT + 0.01, LON, 20)))
			.andExpect(status().isUnprocessableEntity())
			.andExpect(jsonPath("$.errors[0].field").value("Idempotency-Key"))
			.andExpect(jsonPath("$.errors[0].code").value("reused"));
		// without a key a second check-in is a conflict
		this.mvc
			.perform(post("/api/field/visits/" + visit.id() + "/check-in").with(REP1_LOGIN)
				.contentType(MediaType.APPLICATION_JSON)
				.content(body))
			.andExpect(status().isConflict());
		// keys belong to a user: rep2 using rep1's key is a new request of rep2's
		// (refused as another rep's visit)
		this.mvc
			.perform(post("/api/field/visits/" + visit.id() + "/check-in").with(REP2_LOGIN)
				.header("Idempotency-Key", "phone-key-1")
				.contentType(MediaType.APPLICATION_JSON)
				.content(body))
			.andExpect(status().isForbidden());
	}

	@Test
	void aReplayedCancelAnswersAsTheFirstTimeAndAnotherActionOnTheCancelledVisitIsAConflict() throws Exception {
		Visit visit = located(REP1, "2026-12-01T15:00");
		for (int i = 0; i < 2; i++) {
			this.mvc
				.perform(post("/api/visits/" + visit.id() + "/cancel").with(REP1_LOGIN)
					.header("Idempotency-Key", "cancel-1")
					.contentType(MediaType.APPLICATION_JSON)
					.content("{\"reason\":\"Клиент закрыт\"}"))
				.andExpect(status().isOk())
				.andExpect(jsonPath("$.stage").value("CANCELLED"));
		}
		this.mvc
			.perform(post("/api/field/visits/" + visit.id() + "/check-in").with(REP1_LOGIN)
				.header("Idempotency-Key", "after-cancel")
				.contentType(MediaType.APPLICATION_JSON)
				.content(check(LAT, LON, 20)))
			.andExpect(status().isConflict())
			.andExpect(jsonPath("$.detail", containsString("CANCELLED")));
		// the conflict is the key's answer too
		this.mvc
			.perform(post("/api/field/visits/" + visit.id() + "/check-in").with(REP1_LOGIN)
				.header("Idempotency-Key", "after-cancel")
				.contentType(MediaType.APPLICATION_JSON)
				.content(check(LAT, LON, 20)))
			.andExpect(status().isConflict())
			.andExpect(header().string("Idempotent-Replayed", "true"));
	}

	@Test
	void checkInOnSiteAndTwoKilometresOffAreGradedAndTheResultCarriesTheGrade() throws Exception {
		Visit onSite = located(REP1, "2026-12-01T12:00");
		this.mvc
			.perform(post("/api/field/visits/" + onSite.id() + "/check-in").with(REP1_LOGIN)
				.contentType(MediaType.APPLICATION_JSON)
				.content(check(LAT + 30 / METRES_PER_DEGREE, LON, 15)))
			.andExpect(status().isCreated())
			.andExpect(jsonPath("$.grade").value("WITHIN_50M"))
			.andExpect(jsonPath("$.onSite").value(true))
			.andExpect(jsonPath("$.distanceMeters").value(30))
			.andExpect(jsonPath("$.serverTime").value("2026-12-01T06:00:00Z"));
		this.mvc.perform(post("/api/field/visits/" + onSite.id() + "/result").with(REP1_LOGIN)
			.contentType(MediaType.APPLICATION_JSON)
			.content(
					"{\"outcome\":\"ORDER_PLACED\",\"notes\":\"Заказ на 40 коробок\",\"nextVisitStart\":\"2026-12-15T11:00\"}"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.visit.stage").value("COMPLETED"))
			.andExpect(jsonPath("$.visit.resultNotes",
					containsString("Заказ на 40 коробок\nОтметка: на месте (до 50 м), 30 м")))
			.andExpect(jsonPath("$.planned[0].stage").value("REPEAT_VISIT"));
		this.mvc
			.perform(post("/api/field/visits/" + onSite.id() + "/check-out").with(REP1_LOGIN)
				.contentType(MediaType.APPLICATION_JSON)
				.content(check(LAT, LON, 15)))
			.andExpect(status().isCreated());

		Visit off = located(REP1, "2026-12-01T16:00");
		this.mvc.perform(post("/api/field/visits/" + off.id() + "/check-in").with(REP1_LOGIN)
			.header("X-Sent-At", "2026-12-01T06:00:30Z")
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"latitude\":" + (LAT + 2000 / METRES_PER_DEGREE) + ",\"longitude\":" + LON
					+ ",\"accuracy\":15,\"positionTime\":\"2026-12-01T07:00:00Z\",\"deviceTime\":\"2026-12-01T07:00:00Z\"}"))
			.andExpect(status().isCreated())
			.andExpect(jsonPath("$.grade").value("OUTSIDE_RADIUS"))
			.andExpect(jsonPath("$.onSite").value(false))
			.andExpect(jsonPath("$.distanceMeters").value(2000));
		this.mvc.perform(get("/api/field/visits/" + off.id() + "/checks").with(HEAD_LOGIN).param("lang", "en"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$[0].summary", containsString("not on site, 2000 m from the company")));
		// the visit page shows the grade
		this.mvc.perform(get("/field/visits/" + off.id()).with(REP1_LOGIN))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("не на месте, 2000 м от компании")));
	}

	@Test
	void theNextVisitAgreedAtTheClientTakesItsDateTimeTypeAndPurposeOnceUnderOneKey() throws Exception {
		Visit visit = located(REP1, "2026-12-01T12:00");
		// a type without the next visit's start, or an unknown type: 400 with the field,
		// nothing changes
		this.mvc
			.perform(post("/api/field/visits/" + visit.id() + "/result").with(REP1_LOGIN)
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"outcome\":\"ORDER_PLACED\",\"nextVisitType\":\"training\"}"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("nextVisitStart"))
			.andExpect(jsonPath("$.errors[0].code").value("required"));
		this.mvc
			.perform(post("/api/field/visits/" + visit.id() + "/result").with(REP1_LOGIN)
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"outcome\":\"ORDER_PLACED\",\"nextVisitStart\":\"2026-12-15T11:00\","
						+ "\"nextVisitType\":\"dance\"}"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("nextVisitType"))
			.andExpect(jsonPath("$.errors[0].code").value("unknown"));
		assertThat(reload(visit).stage()).isEqualTo(VisitStage.IN_WORK);
		String body = "{\"outcome\":\"ORDER_PLACED\",\"nextVisitStart\":\"2026-12-15T11:30\","
				+ "\"nextVisitType\":\"training\",\"nextVisitPurpose\":\"Обучить продавцов\"}";
		for (int i = 0; i < 2; i++) {
			this.mvc
				.perform(post("/api/field/visits/" + visit.id() + "/result").with(REP1_LOGIN)
					.header("Idempotency-Key", "next-visit-key")
					.contentType(MediaType.APPLICATION_JSON)
					.content(body))
				.andExpect(status().isOk())
				.andExpect(jsonPath("$.visit.stage").value("COMPLETED"));
		}
		Visit next = repeatVisitOf(visit);
		assertThat(next.visitType()).isEqualTo("training");
		assertThat(next.purpose()).isEqualTo("Обучить продавцов");
		assertThat(next.plannedStart()).isEqualTo(Instant.parse("2026-12-15T08:30:00Z"));
		assertThat(next.stage()).isEqualTo(VisitStage.REPEAT_VISIT);
		// left out, type and purpose are the visit's own
		Visit other = located(REP1, "2026-12-01T13:00");
		this.mvc
			.perform(post("/api/field/visits/" + other.id() + "/result").with(REP1_LOGIN)
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"outcome\":\"NO_DECISION\",\"nextVisitStart\":\"2026-12-16\"}"))
			.andExpect(status().isOk());
		assertThat(repeatVisitOf(other).visitType()).isEqualTo("meeting");
		assertThat(repeatVisitOf(other).purpose()).isEqualTo("Проверка");
		// the API document describes the next visit's fields
		this.mvc.perform(get("/v3/api-docs").with(REP1_LOGIN))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("nextVisitPurpose")))
			.andExpect(jsonPath("$.paths['/api/field/visits/{id}/result'].post.parameters[*].name",
					hasItem("Idempotency-Key")));
	}

	@Test
	void forgedLookingPositionsAreTakenAndFlagged() throws Exception {
		Visit zero = located(REP1, "2026-12-01T12:00");
		this.mvc
			.perform(post("/api/field/visits/" + zero.id() + "/check-in").with(REP1_LOGIN)
				.header("X-Sent-At", "2026-12-01T07:00:00Z")
				.contentType(MediaType.APPLICATION_JSON)
				.content(check(LAT, LON, 0)))
			.andExpect(status().isCreated())
			.andExpect(jsonPath("$.flags", hasItem("ZERO_ACCURACY")))
			.andExpect(jsonPath("$.flags", hasItem("CLOCK_SKEW")));
		// 20 km away one minute later
		Visit far = plan(REP1, "2026-12-01T13:00");
		this.companies.save(company(far.companyId(), LAT + 20_000 / METRES_PER_DEGREE, LON));
		this.mvc.perform(post("/api/field/visits/" + far.id() + "/check-in").with(REP1_LOGIN)
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"latitude\":" + (LAT + 20_000 / METRES_PER_DEGREE) + ",\"longitude\":" + LON
					+ ",\"accuracy\":10,\"positionTime\":\"2026-12-01T06:01:00Z\",\"deviceTime\":\"2026-12-01T06:01:00Z\"}"))
			.andExpect(status().isCreated())
			.andExpect(jsonPath("$.grade").value("WITHIN_50M"))
			.andExpect(jsonPath("$.flags", hasItem("IMPOSSIBLE_SPEED")));
		// bad input is refused and changes nothing
		Visit bad = located(REP1, "2026-12-01T14:00");
		this.mvc
			.perform(post("/api/field/visits/" + bad.id() + "/check-in").with(REP1_LOGIN)
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"latitude\":95,\"longitude\":37,\"accuracy\":10}"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("latitude"));
		this.mvc
			.perform(post("/api/field/visits/" + bad.id() + "/check-in").with(REP1_LOGIN)
				.contentType(MediaType.APPLICATION_JSON)
				.content("{}"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("error"));
		assertThat(this.checkIns.of(bad.id(), REP1)).isEmpty();
		// permission denied is a grade, not an error
		this.mvc
			.perform(post("/api/field/visits/" + bad.id() + "/check-in").with(REP1_LOGIN)
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"error\":\"DENIED\",\"deviceTime\":\"2026-12-01T06:00:00Z\"}"))
			.andExpect(status().isCreated())
			.andExpect(jsonPath("$.grade").value("NO_POSITION"));
	}

	@Test
	void theFirstGoodCheckInAtACompanyWithoutCoordinatesIsProposedOnce() throws Exception {
		Visit first = plan(REP1, "2026-12-01T12:00");
		this.mvc
			.perform(post("/api/field/visits/" + first.id() + "/check-in").with(REP1_LOGIN)
				.contentType(MediaType.APPLICATION_JSON)
				.content(check(LAT, LON, 80)))
			.andExpect(status().isCreated())
			.andExpect(jsonPath("$.grade").value("NO_COMPANY_LOCATION"))
			.andExpect(jsonPath("$.locationProposed").value(false));
		verify(this.proposals, never()).propose(anyLong(), anyDouble(), anyDouble(), anyDouble(), anyString());
		Visit second = plan(REP1, "2026-12-01T15:00");
		Visit sameCompany = this.visits.create(new NewVisit(second.companyId(), "ООО «Тест»", null, null, "meeting",
				"2026-12-01T17:00", null, null, null, null), REP1);
		this.mvc
			.perform(post("/api/field/visits/" + second.id() + "/check-in").with(REP1_LOGIN)
				.contentType(MediaType.APPLICATION_JSON)
				.content(check(LAT + 0.001, LON, 30)))
			.andExpect(status().isCreated())
			.andExpect(jsonPath("$.locationProposed").value(true));
		verify(this.proposals, times(1)).propose(eq(second.companyId()), eq(LAT + 0.001), eq(LON), eq(30.0),
				eq(second.id().toString()));
		this.mvc
			.perform(post("/api/field/visits/" + sameCompany.id() + "/check-in").with(REP1_LOGIN)
				.contentType(MediaType.APPLICATION_JSON)
				.content(check(LAT + 0.001, LON, 20)))
			.andExpect(status().isCreated())
			.andExpect(jsonPath("$.locationProposed").value(false));
	}

	@Test
	void anotherRepsVisitIsForbiddenAndASupervisorReadsTheirTeamButDoesNotActForThem() throws Exception {
		Visit visit = located(REP1, "2026-12-01T12:00");
		this.mvc.perform(get("/api/field/visits/" + visit.id()).with(REP2_LOGIN)).andExpect(status().isForbidden());
		this.mvc
			.perform(post("/api/field/visits/" + visit.id() + "/check-in").with(REP2_LOGIN)
				.contentType(MediaType.APPLICATION_JSON)
				.content(check(LAT, LON, 20)))
			.andExpect(status().isForbidden());
		this.mvc.perform(get("/api/field/days").param("repId", "rep1").with(REP2_LOGIN))
			.andExpect(status().isForbidden());
		this.mvc.perform(get("/api/field/visits/" + visit.id()).with(HEAD_LOGIN))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.readOnly").value(true));
		this.mvc
			.perform(post("/api/field/visits/" + visit.id() + "/check-in").with(HEAD_LOGIN)
				.contentType(MediaType.APPLICATION_JSON)
				.content(check(LAT, LON, 20)))
			.andExpect(status().isForbidden());
		this.mvc.perform(get("/api/field/days").param("repId", "rep1").with(HEAD_LOGIN))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$[*].id", hasItem(visit.id().toString())));
		this.mvc.perform(get("/field/").param("rep", "rep1").with(HEAD_LOGIN))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("только чтение")));
	}

	@Test
	void uploadsAreTypedFromTheirBytesLimitedPerKindAndServedOnlyToThoseWhoSeeTheVisit() throws Exception {
		Visit visit = located(REP1, "2026-12-01T12:00");
		String url = "/api/visits/" + visit.id() + "/attachments";
		// declared as a broken "image/" but the bytes are a PDF: stored and served as a
		// PDF
		byte[] pdf = "%PDF-1.4\n%test\n".getBytes();
		String location = this.mvc
			.perform(multipart(url).file(new MockMultipartFile("file", "акт.pdf", "image/", pdf))
				.with(REP1_LOGIN)
				.header("Idempotency-Key", "upload-1"))
			.andExpect(status().isCreated())
			.andExpect(jsonPath("$.contentType").value("application/pdf"))
			.andReturn()
			.getResponse()
			.getHeader("Location");
		// the same upload resent with its key is stored once
		this.mvc
			.perform(multipart(url).file(new MockMultipartFile("file", "акт.pdf", "image/", pdf))
				.with(REP1_LOGIN)
				.header("Idempotency-Key", "upload-1"))
			.andExpect(status().isCreated())
			.andExpect(header().string("Idempotent-Replayed", "true"));
		assertThat(this.attachments.of(visit.id())).hasSize(1);
		this.mvc.perform(get(location).with(REP1_LOGIN))
			.andExpect(status().isOk())
			.andExpect(header().string("Content-Type", "application/pdf"))
			.andExpect(content().bytes(pdf));
		this.mvc.perform(get(location).with(HEAD_LOGIN)).andExpect(status().isOk());
		this.mvc.perform(get(location).with(REP2_LOGIN)).andExpect(status().isForbidden());
		// a voice message: WebM declared as audio
		byte[] webm = new byte[] { 0x1A, 0x45, (byte) 0xDF, (byte) 0xA3, 1, 2, 3 };
		this.mvc
			.perform(multipart(url).file(new MockMultipartFile("file", "voice.webm", "audio/webm", webm))
				.with(REP1_LOGIN))
			.andExpect(status().isCreated())
			.andExpect(jsonPath("$.contentType").value("audio/webm"));
		// a photo over 10 MB: 413 with the field named
		byte[] big = new byte[10 * 1024 * 1024 + 1];
		big[0] = (byte) 0xFF;
		big[1] = (byte) 0xD8;
		big[2] = (byte) 0xFF;
		this.mvc
			.perform(multipart(url).file(new MockMultipartFile("file", "huge.jpg", "image/jpeg", big)).with(REP1_LOGIN))
			.andExpect(status().isPayloadTooLarge())
			.andExpect(jsonPath("$.errors[0].field").value("file"))
			.andExpect(jsonPath("$.errors[0].code").value("too_large"));
		// a program, whatever it claims to be: 415
		this.mvc
			.perform(multipart(url)
				.file(new MockMultipartFile("file", "photo.jpg", "image/jpeg", new byte[] { 'M', 'Z', 0, 0 }))
				.with(REP1_LOGIN))
			.andExpect(status().isUnsupportedMediaType())
			.andExpect(jsonPath("$.errors[0].code").value("type"));
		assertThat(this.attachments.of(visit.id())).hasSize(2);
	}

	@Test
	void anUnplannedVisitStartsInWorkAndCheckedIn() throws Exception {
		Visit anchor = plan(REP1, "2026-12-01T12:00");
		this.companies.save(company(anchor.companyId(), LAT + 1, LON + 1));
		this.mvc
			.perform(get("/api/field/companies").param("latitude", String.valueOf(LAT + 1.0001))
				.param("longitude", String.valueOf(LON + 1))
				.with(REP1_LOGIN))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$[0].id").value(anchor.companyId()));
		this.mvc
			.perform(post("/api/field/visits/unplanned").with(REP1_LOGIN)
				.header("Idempotency-Key", "unplanned-1")
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"companyId\":" + anchor.companyId() + ",\"visitType\":\"meeting\",\"position\":"
						+ check(LAT + 1, LON + 1, 20) + "}"))
			.andExpect(status().isCreated())
			.andExpect(jsonPath("$.visit.stage").value("IN_WORK"))
			.andExpect(jsonPath("$.visit.origin").value("UNPLANNED"))
			.andExpect(jsonPath("$.visit.companyTitle").value("Компания " + anchor.companyId()))
			.andExpect(jsonPath("$.checks[0].grade").value("WITHIN_50M"));
		this.mvc
			.perform(post("/api/field/visits/unplanned").with(REP1_LOGIN)
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"companyId\":" + anchor.companyId() + ",\"visitType\":\"nope\",\"position\":"
						+ check(LAT, LON, 20) + "}"))
			.andExpect(status().isBadRequest());
		// a position that cannot be taken creates no visit
		long before = this.visits.search(new VisitFilter("rep1", null, anchor.companyId(), null, null), 0, 50, REP1)
			.total();
		this.mvc
			.perform(post("/api/field/visits/unplanned").with(REP1_LOGIN)
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"companyId\":" + anchor.companyId()
						+ ",\"visitType\":\"meeting\",\"position\":{\"latitude\":95,\"longitude\":37,\"accuracy\":5}}"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("latitude"));
		assertThat(
				this.visits.search(new VisitFilter("rep1", null, anchor.companyId(), null, null), 0, 50, REP1).total())
			.isEqualTo(before);
	}

	@Test
	void numbersCountCompletedVisitsAgainstTheTargetASupervisorSets() throws Exception {
		Visit visit = located(REP1, "2026-12-01T12:00");
		this.mvc
			.perform(post("/api/field/visits/" + visit.id() + "/check-in").with(REP1_LOGIN)
				.contentType(MediaType.APPLICATION_JSON)
				.content(check(LAT, LON, 20)))
			.andExpect(status().isCreated());
		this.mvc
			.perform(post("/api/field/visits/" + visit.id() + "/result").with(REP1_LOGIN)
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"outcome\":\"NO_DECISION\"}"))
			.andExpect(status().isOk());
		this.mvc
			.perform(put("/api/field/targets/rep1/2026-12").with(REP1_LOGIN)
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"visits\":5}"))
			.andExpect(status().isForbidden());
		this.mvc
			.perform(put("/api/field/targets/rep1/2026-12").with(HEAD_LOGIN)
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"visits\":40}"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.target").value(40));
		this.mvc.perform(get("/api/field/numbers").with(REP1_LOGIN))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.target").value(40))
			.andExpect(jsonPath("$.completedThisMonth").value(greaterThanOrEqualTo(1)))
			.andExpect(jsonPath("$.byType.meeting").value(greaterThanOrEqualTo(1)))
			.andExpect(jsonPath("$.onSite").value(greaterThanOrEqualTo(1)));
		this.mvc.perform(get("/field/numbers").with(REP1_LOGIN).locale(Locale.ENGLISH).param("lang", "en"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("My numbers")));
	}

	@Test
	void rememberMeKeepsARepLoggedInForAWeekWithoutASession() throws Exception {
		Cookie remembered = this.mvc
			.perform(post("/login").param("username", "rep1")
				.param("password", "secret")
				.param("remember-me", "on")
				.with(csrf()))
			.andExpect(status().is3xxRedirection())
			.andExpect(cookie().maxAge("visitflow-remember-me", 7 * 24 * 3600))
			.andReturn()
			.getResponse()
			.getCookie("visitflow-remember-me");
		this.mvc.perform(get("/field/").cookie(remembered))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Сегодня")));
		this.mvc.perform(get("/field/").accept(MediaType.TEXT_HTML)).andExpect(status().is3xxRedirection());
	}

	@Test
	void theOpenApiDocumentNamesTheIdempotencyKeyOnStateChangingCalls() throws Exception {
		this.mvc.perform(get("/v3/api-docs").with(REP1_LOGIN))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.paths['/api/field/visits/{id}/check-in'].post.parameters[*].name",
					hasItem("Idempotency-Key")))
			.andExpect(
					jsonPath("$.paths['/api/visits/{id}/cancel'].post.parameters[*].name", hasItem("Idempotency-Key")))
			.andExpect(jsonPath("$.paths['/api/field/days'].get.parameters[*].name", not(hasItem("Idempotency-Key"))));
	}

	/** A visit of the actor at a company placed at (LAT, LON). */
	private Visit located(Actor actor, String plannedStart) {
		Visit visit = plan(actor, plannedStart);
		assertThat(visit.stage()).isEqualTo(VisitStage.IN_WORK);
		this.companies.save(company(visit.companyId(), LAT, LON));
		return visit;
	}

	private static Company company(long id, double lat, double lon) {
		return new Company(id, "Компания " + id, null, List.of("+7 495 000-00-00"), List.of(), "Тверская, 1", "Москва",
				null, null, null, lat, lon, Instant.parse("2026-11-01T00:00:00Z"));
	}

	private static String check(double lat, double lon, double accuracy) {
		return "{\"latitude\":" + lat + ",\"longitude\":" + lon + ",\"accuracy\":" + accuracy
				+ ",\"positionTime\":\"2026-12-01T06:00:00Z\",\"deviceTime\":\"2026-12-01T06:00:00Z\"}";
	}

}
