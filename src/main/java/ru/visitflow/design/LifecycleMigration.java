package ru.visitflow.design;

import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.camunda.bpm.dmn.engine.DmnDecisionResultEntries;
import org.camunda.bpm.engine.DecisionService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.migration.MigrationPlan;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.ServiceTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import ru.visitflow.visit.StageSchedule;
import ru.visitflow.visit.VisitService;
import ru.visitflow.visit.process.LifecycleModel;

/**
 * Moves running instances of older versions to the latest version of a guarded process,
 * one instance per transaction, when the models map by equal activity ids. Visits of
 * {@code VisitLifecycle} then get their timers recalculated from the lead times the
 * latest decision and model give (the time a visit already spent in Overdue counts).
 * Instances that cannot be moved stay as they are and are reported with the engine's
 * reason.
 */
@Service
public class LifecycleMigration {

	private static final Logger logger = LoggerFactory.getLogger(LifecycleMigration.class);

	private final RuntimeService runtimeService;

	private final RepositoryService repositoryService;

	private final ManagementService managementService;

	private final DecisionService decisionService;

	private final VisitService visits;

	private final VisitFacts facts;

	private final DesignProperties properties;

	private final TransactionTemplate transactions;

	LifecycleMigration(RuntimeService runtimeService, RepositoryService repositoryService,
			ManagementService managementService, DecisionService decisionService, VisitService visits, VisitFacts facts,
			DesignProperties properties, TransactionTemplate transactions) {
		this.runtimeService = runtimeService;
		this.repositoryService = repositoryService;
		this.managementService = managementService;
		this.decisionService = decisionService;
		this.visits = visits;
		this.facts = facts;
		this.properties = properties;
		this.transactions = transactions;
	}

	public MigrationReport migrateToLatest(String processKey) {
		ProcessDefinition target = this.repositoryService.createProcessDefinitionQuery()
			.processDefinitionKey(processKey)
			.latestVersion()
			.singleResult();
		if (target == null) {
			return new MigrationReport(processKey, null, 0, List.of(), List.of());
		}
		List<MigrationReport.MovedVisit> moved = new ArrayList<>();
		List<MigrationReport.UnmovedVisit> notMoved = new ArrayList<>();
		List<ProcessDefinition> sources = this.repositoryService.createProcessDefinitionQuery()
			.processDefinitionKey(processKey)
			.orderByProcessDefinitionVersion()
			.asc()
			.list();
		for (ProcessDefinition source : sources) {
			if (source.getVersion() >= target.getVersion()) {
				continue;
			}
			List<ProcessInstance> instances = this.runtimeService.createProcessInstanceQuery()
				.processDefinitionId(source.getId())
				.list();
			if (instances.isEmpty()) {
				continue;
			}
			MigrationPlan plan;
			try {
				plan = this.runtimeService.createMigrationPlan(source.getId(), target.getId())
					.mapEqualActivities()
					.updateEventTriggers()
					.build();
			}
			catch (ProcessEngineException ex) {
				instances.forEach((instance) -> notMoved.add(new MigrationReport.UnmovedVisit(instance.getId(),
						instance.getBusinessKey(), source.getVersion(), ex.getMessage())));
				continue;
			}
			for (ProcessInstance instance : instances) {
				try {
					Map<String, Instant> timers = this.transactions.execute((status) -> {
						this.runtimeService.newMigration(plan).processInstanceIds(instance.getId()).execute();
						return LifecycleModel.PROCESS_KEY.equals(processKey) ? recalculateTimers(instance, target)
								: Map.<String, Instant>of();
					});
					moved.add(new MigrationReport.MovedVisit(instance.getId(), instance.getBusinessKey(),
							source.getVersion(), timers));
				}
				catch (RuntimeException ex) {
					notMoved.add(new MigrationReport.UnmovedVisit(instance.getId(), instance.getBusinessKey(),
							source.getVersion(), ex.getMessage()));
				}
			}
		}
		logger.info("Moved {} running instance(s) of {} to version {}; {} could not be moved", moved.size(), processKey,
				target.getVersion(), notMoved.size());
		return new MigrationReport(processKey, target.getId(), target.getVersion(), moved, notMoved);
	}

	/**
	 * Sets the timers of a moved visit from the lead times the latest decision and model
	 * give it.
	 */
	private Map<String, Instant> recalculateTimers(ProcessInstance instance, ProcessDefinition target) {
		String visitId = instance.getBusinessKey();
		LeadTimes leadTimes = leadTimes(visitId, this.repositoryService.getBpmnModelInstance(target.getId()));
		StageSchedule schedule = this.visits.planStageTimers(UUID.fromString(visitId), leadTimes.stageTimers());
		Object oldRetention = this.runtimeService.getVariable(instance.getId(), "overdueRetentionTime");
		Map<String, Object> variables = new LinkedHashMap<>();
		variables.put("inWorkAt", Date.from(schedule.inWorkAt()));
		variables.put("repeatInWorkAt", Date.from(schedule.repeatInWorkAt()));
		variables.put("overdueAt", Date.from(schedule.overdueAt()));
		variables.put("overdueRetentionTime", leadTimes.overdueRetention().toString());
		variables.put("leadTimeInWork", leadTimes.inWork().toString());
		variables.put("leadTimeRepeatVisit", leadTimes.repeatVisit().toString());
		variables.put("leadTimeOverdueGrace", leadTimes.overdueGrace().toString());
		variables.put("leadTimeOverdueRetention", leadTimes.overdueRetention().toString());
		this.runtimeService.setVariables(instance.getId(), variables);
		Map<String, Instant> timers = new LinkedHashMap<>();
		move(instance, LifecycleModel.TIMER_IN_WORK_DUE, schedule.inWorkAt(), timers);
		move(instance, LifecycleModel.TIMER_REPEAT_VISIT_DUE, schedule.repeatInWorkAt(), timers);
		move(instance, LifecycleModel.TIMER_VISIT_OVERDUE, schedule.overdueAt(), timers);
		Job expiry = timer(instance, LifecycleModel.TIMER_OVERDUE_EXPIRED);
		if (expiry != null && oldRetention != null) {
			Instant enteredOverdue = expiry.getDuedate().toInstant().minus(Duration.parse(oldRetention.toString()));
			move(instance, LifecycleModel.TIMER_OVERDUE_EXPIRED, enteredOverdue.plus(leadTimes.overdueRetention()),
					timers);
		}
		return timers;
	}

	private void move(ProcessInstance instance, String activityId, Instant due, Map<String, Instant> timers) {
		Job job = timer(instance, activityId);
		if (job != null) {
			this.managementService.setJobDuedate(job.getId(), Date.from(due));
			timers.put(activityId, due);
		}
	}

	private Job timer(ProcessInstance instance, String activityId) {
		return this.managementService.createJobQuery()
			.processInstanceId(instance.getId())
			.activityId(activityId)
			.timers()
			.singleResult();
	}

	/**
	 * The decision's row for the visit, where the model's "plan stage timers" task does
	 * not set a literal.
	 */
	LeadTimes leadTimes(String visitId, BpmnModelInstance model) {
		DmnDecisionResultEntries row = this.decisionService.evaluateDecisionByKey(this.properties.leadTimeDecision())
			.variables(Variables.createVariables()
				.putValue("visitType", this.facts.visitType(visitId))
				.putValue("region", this.facts.region(visitId)))
			.evaluate()
			.getSingleResult();
		Map<String, String> values = new LinkedHashMap<>();
		for (String name : LifecycleContract.LEAD_TIME_INPUTS.keySet()) {
			values.put(name, (row != null && row.get(name) != null) ? row.get(name).toString() : null);
		}
		for (ServiceTask task : model.getModelElementsByType(ServiceTask.class)) {
			if (LifecycleContract.PLAN_STAGE_TIMERS.equals(task.getCamundaDelegateExpression())) {
				for (String name : LifecycleContract.LEAD_TIME_INPUTS.keySet()) {
					String literal = LifecycleContract.input(task, name);
					if (literal != null && !literal.isBlank() && !literal.contains("{")) {
						values.put(name, literal.trim());
					}
				}
			}
		}
		for (Map.Entry<String, String> value : values.entrySet()) {
			if (value.getValue() == null) {
				throw new IllegalStateException("The decision " + this.properties.leadTimeDecision() + " gives no "
						+ value.getKey() + " for visit " + visitId);
			}
		}
		return new LeadTimes(Period.parse(values.get("inWorkLeadTime")),
				Period.parse(values.get("repeatVisitLeadTime")), Duration.parse(values.get("overdueGracePeriod")),
				Duration.parse(values.get("overdueRetention")));
	}

}
