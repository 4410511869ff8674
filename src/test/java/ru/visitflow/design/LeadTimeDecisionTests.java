package ru.visitflow.design;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.Period;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.model.dmn.Dmn;
import org.camunda.bpm.model.dmn.DmnModelInstance;
import org.camunda.bpm.model.dmn.instance.DecisionTable;
import org.camunda.bpm.model.dmn.instance.InputEntry;
import org.camunda.bpm.model.dmn.instance.Output;
import org.camunda.bpm.model.dmn.instance.OutputEntry;
import org.camunda.bpm.model.dmn.instance.Rule;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import ru.visitflow.visit.LifecycleProperties;
import ru.visitflow.visit.NewVisit;
import ru.visitflow.visit.Visit;
import ru.visitflow.visit.VisitOrigin;
import ru.visitflow.visit.VisitOutcome;
import ru.visitflow.visit.VisitResult;
import ru.visitflow.visit.VisitStage;
import ru.visitflow.visit.process.LifecycleModel;
import ru.visitflow.visit.process.LifecycleTestSupport;

/**
 * Every row of {@code bpmn/visit-lead-times.dmn} reaches the timers of a visit it
 * matches, counted on the engine clock; the last row is the configuration; a table
 * deployed alone (as from Modeler) applies to new visits.
 */
class LeadTimeDecisionTests extends LifecycleTestSupport {

	static final Path DECISION = Path.of("bpmn/visit-lead-times.dmn");

	private static final List<String> REGIONS = List.of("Москва", "Владивосток", "Казань");

	private static final AtomicLong companies = new AtomicLong(System.nanoTime() % 100_000_000L + 1_000_000_000L);

	@Autowired
	private LifecycleProperties properties;

	@Autowired
	private RepositoryService repositoryService;

	private final List<String> deployed = new ArrayList<>();

	@AfterEach
	void undeploy() {
		this.deployed.forEach((id) -> this.repositoryService.deleteDeployment(id, true));
	}

	private static Instant moscow(String localDateTime) {
		return LocalDateTime.parse(localDateTime).atZone(MOSCOW).toInstant();
	}

	private Visit plan(String type, String region, String plannedStart) {
		return this.visits.create(new NewVisit(companies.incrementAndGet(), "ООО «Сроки»", null, null, type,
				plannedStart, null, "Проверка сроков", region, VisitOrigin.MANUAL), REP1);
	}

	private Instant due(Visit visit, String timer) {
		return timer(visit, timer).getDuedate().toInstant();
	}

	@Test
	void eachRowsLeadTimesReachTheTimers() throws IOException {
		DmnModelInstance dmn = Dmn.readModelFromFile(DECISION.toFile());
		DecisionTable table = dmn.getModelElementsByType(DecisionTable.class).iterator().next();
		List<Rule> rules = new ArrayList<>(table.getRules());
		List<String> outputs = table.getOutputs().stream().map(Output::getName).toList();
		assertThat(rules).hasSizeGreaterThanOrEqualTo(2);
		for (int i = 0; i < rules.size(); i++) {
			Rule rule = rules.get(i);
			String[] match = firstMatchOnly(rules, i);
			assertThat(match).as("a visit type and region that row %s matches first", rule.getId()).isNotNull();
			Map<String, String> row = new HashMap<>();
			List<OutputEntry> entries = new ArrayList<>(rule.getOutputEntries());
			for (int o = 0; o < outputs.size(); o++) {
				row.put(outputs.get(o), value(entries.get(o).getTextContent()));
			}
			checkRow(rule.getId(), match[0], match[1], Period.parse(row.get("inWorkLeadTime")),
					Period.parse(row.get("repeatVisitLeadTime")), Duration.parse(row.get("overdueGracePeriod")),
					Duration.parse(row.get("overdueRetention")));
		}
	}

	private void checkRow(String rule, String type, String region, Period inWork, Period repeat, Duration grace,
			Duration retention) {
		// far ahead: Draft until the start of the day the in-work lead time before
		LocalDate day = LocalDate.parse("2027-02-20");
		Visit visit = plan(type, region, day + "T11:00");
		assertThat(reload(visit).stage()).as(rule).isEqualTo(VisitStage.DRAFT);
		Instant inWorkAt = day.minus(inWork).atStartOfDay(MOSCOW).toInstant();
		assertThat(due(visit, LifecycleModel.TIMER_IN_WORK_DUE)).as("%s: in work", rule).isEqualTo(inWorkAt);
		moveClockTo(inWorkAt, visit);
		assertThat(reload(visit).stage()).as(rule).isEqualTo(VisitStage.IN_WORK);
		Instant overdueAt = day.plusDays(1).atStartOfDay(MOSCOW).toInstant().plus(grace);
		assertThat(due(visit, LifecycleModel.TIMER_VISIT_OVERDUE)).as("%s: overdue", rule).isEqualTo(overdueAt);

		// a repeat visit agreed there goes to In work the repeat-visit lead time before
		// its day
		LocalDate repeatDay = day.plusDays(40);
		moveClockTo(day.atTime(12, 0).atZone(MOSCOW).toInstant(), visit);
		this.visits.complete(visit.id(), new VisitResult(VisitOutcome.ORDER_PLACED, "Готово",
				repeatDay.atTime(11, 0).atZone(MOSCOW).toInstant()), REP1);
		Visit repeatVisit = repeatVisitOf(visit);
		assertThat(due(repeatVisit, LifecycleModel.TIMER_REPEAT_VISIT_DUE)).as("%s: repeat visit", rule)
			.isEqualTo(repeatDay.minus(repeat).atStartOfDay(MOSCOW).toInstant());

		// one left without a result becomes overdue after the grace period and fails
		// after the retention
		LocalDate nearDay = day.plusDays(1);
		Visit late = plan(type, region, nearDay + "T11:00");
		Instant lateOverdueAt = nearDay.plusDays(1).atStartOfDay(MOSCOW).toInstant().plus(grace);
		assertThat(due(late, LifecycleModel.TIMER_VISIT_OVERDUE)).isEqualTo(lateOverdueAt);
		moveClockTo(lateOverdueAt, late);
		assertThat(reload(late).stage()).as(rule).isEqualTo(VisitStage.OVERDUE);
		assertThat(due(late, LifecycleModel.TIMER_OVERDUE_EXPIRED)).as("%s: failed", rule)
			.isEqualTo(lateOverdueAt.plus(retention));
		moveClockTo(lateOverdueAt.plus(retention), late);
		assertThat(reload(late).stage()).as(rule).isEqualTo(VisitStage.FAILED);
		ClockUtil.setCurrentTime(Date.from(START));
	}

	/**
	 * A visit type and region that the row at {@code index} matches and no row above it
	 * does.
	 */
	private String[] firstMatchOnly(List<Rule> rules, int index) {
		for (LifecycleProperties.VisitType type : this.properties.visitTypes()) {
			for (String region : REGIONS) {
				if (matches(rules.get(index), type.code(), region)
						&& rules.subList(0, index).stream().noneMatch((rule) -> matches(rule, type.code(), region))) {
					return new String[] { type.code(), region };
				}
			}
		}
		return null;
	}

	private static boolean matches(Rule rule, String type, String region) {
		List<InputEntry> entries = new ArrayList<>(rule.getInputEntries());
		return accepts(entries.get(0).getTextContent(), type) && accepts(entries.get(1).getTextContent(), region);
	}

	private static boolean accepts(String entry, String value) {
		String text = entry.trim();
		return text.equals("-") || text.isEmpty() || text.equals("\"" + value + "\"");
	}

	/**
	 * A literal ("P7D") as it is, the default row's ${lifecycleTimers.x} from the
	 * configuration.
	 */
	private String value(String entry) {
		String text = entry.trim();
		return switch (text) {
			case "${lifecycleTimers.inWorkLeadTime}" -> this.properties.inWorkLeadTime().toString();
			case "${lifecycleTimers.repeatVisitLeadTime}" -> this.properties.repeatVisitLeadTime().toString();
			case "${lifecycleTimers.overdueGracePeriod}" -> this.properties.overdueGracePeriod().toString();
			case "${lifecycleTimers.overdueRetention}" -> this.properties.overdueRetention().toString();
			default -> text.replace("\"", "");
		};
	}

	@Test
	void theLastRowIsTheConfiguration() throws IOException {
		String dmn = Files.readString(DECISION);
		assertThat(dmn).contains("${lifecycleTimers.inWorkLeadTime}", "${lifecycleTimers.repeatVisitLeadTime}",
				"${lifecycleTimers.overdueGracePeriod}", "${lifecycleTimers.overdueRetention}");
		Visit visit = plan("meeting", "Москва", "2027-02-20T11:00");
		assertThat(due(visit, LifecycleModel.TIMER_IN_WORK_DUE)).isEqualTo(
				LocalDate.parse("2027-02-20").minus(this.properties.inWorkLeadTime()).atStartOfDay(MOSCOW).toInstant());
	}

	@Test
	void aTableDeployedAloneAppliesToNewVisits() throws IOException {
		String changed = Files.readString(DECISION)
			.replace(
					"<outputEntry id=\"OutputEntry_DefaultInWork\" expressionLanguage=\"juel\"><text>${lifecycleTimers.inWorkLeadTime}</text></outputEntry>",
					"<outputEntry id=\"OutputEntry_DefaultInWork\"><text>\"P9D\"</text></outputEntry>");
		assertThat(changed).contains("\"P9D\"");
		this.deployed.add(this.repositoryService.createDeployment()
			.name("visit-lead-times")
			.source("Camunda Modeler")
			.addString("visit-lead-times.dmn", changed)
			.deploy()
			.getId());
		Visit visit = plan("meeting", "Москва", "2027-02-20T11:00");
		assertThat(due(visit, LifecycleModel.TIMER_IN_WORK_DUE)).isEqualTo(moscow("2027-02-11T00:00"));
	}

}
