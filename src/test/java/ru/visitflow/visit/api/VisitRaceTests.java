package ru.visitflow.visit.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

import ru.visitflow.visit.Visit;
import ru.visitflow.visit.VisitStage;
import ru.visitflow.visit.process.LifecycleTestSupport;

/**
 * Complete and cancel racing on one visit: one wins, the other answers 409, never 500;
 * the end state is one.
 */
@AutoConfigureMockMvc
class VisitRaceTests extends LifecycleTestSupport {

	@Autowired
	private MockMvc mvc;

	@Test
	void completeAndCancelRacingAnswer409NeverA500() throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(4);
		List<Integer> statuses = new ArrayList<>();
		try {
			for (int round = 0; round < 20; round++) {
				Visit visit = plan(REP1, "2026-12-01T12:00");
				CyclicBarrier start = new CyclicBarrier(3);
				List<Future<Integer>> answers = new ArrayList<>();
				answers.add(pool.submit(call(start, "/api/visits/" + visit.id() + "/complete",
						"{\"outcome\": \"AGREEMENT_REACHED\", \"notes\": \"ok\"}")));
				answers.add(pool.submit(call(start, "/api/visits/" + visit.id() + "/cancel", "{\"reason\": \"no\"}")));
				answers.add(pool
					.submit(call(start, "/api/visits/" + visit.id() + "/cancel", "{\"reason\": \"no again\"}")));
				List<Integer> round_ = new ArrayList<>();
				for (Future<Integer> answer : answers) {
					round_.add(answer.get(60, TimeUnit.SECONDS));
				}
				statuses.addAll(round_);
				assertThat(round_).as("one request wins").containsOnlyOnce(200);
				Visit after = reload(visit);
				assertThat(after.stage()).isIn(VisitStage.COMPLETED, VisitStage.CANCELLED);
				if (after.stage() == VisitStage.COMPLETED) {
					assertThat(after.cancelReason()).isNull();
				}
				else {
					assertThat(after.outcome()).isNull();
				}
				assertReadModelAgreesWithEngine(visit);
			}
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(statuses).allMatch((status) -> status == 200 || status == 409, "200 or 409, never 500");
	}

	private Callable<Integer> call(CyclicBarrier start, String url, String body) {
		return () -> {
			start.await(30, TimeUnit.SECONDS);
			return this.mvc.perform(
					post(url).with(httpBasic("rep1", "secret")).contentType(MediaType.APPLICATION_JSON).content(body))
				.andReturn()
				.getResponse()
				.getStatus();
		};
	}

}
