package ru.visitflow.visit.process;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.filter.Filter;
import org.camunda.bpm.engine.task.TaskQuery;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import ru.visitflow.identity.Role;

/**
 * Tasklist opens on the right list: a rep sees "Мои визиты", a supervisor "Заявки на согласование". Created
 * once by name and readable by the group they are for; admins (camunda-admin) see every filter.
 */
@Component
class TasklistFilters {

	static final String MY_VISITS = "Мои визиты";

	static final String REQUESTS_TO_REVIEW = "Заявки на согласование";

	static final String ALL_VISIT_TASKS = "Все задачи по визитам";

	private static final List<Map<String, String>> SHOWN_VARIABLES = List.of(
			Map.of("name", LifecycleModel.VISIT_SUMMARY, "label", "Визит"));

	private final FilterService filterService;

	private final TaskService taskService;

	private final AuthorizationService authorizationService;

	TasklistFilters(FilterService filterService, TaskService taskService, AuthorizationService authorizationService) {
		this.filterService = filterService;
		this.taskService = taskService;
		this.authorizationService = authorizationService;
	}

	@EventListener(ApplicationReadyEvent.class)
	@Order(1)
	public void setUp() {
		ensure(MY_VISITS, "Визиты, которые вам нужно провести или разобрать", -10,
				this.taskService.createTaskQuery()
					.processDefinitionKey(LifecycleModel.PROCESS_KEY)
					.taskAssigneeExpression("${currentUser()}")
					.orderByDueDate()
					.asc(),
				Role.REP);
		ensure(REQUESTS_TO_REVIEW, "Заявки на визиты, ждущие решения руководителя", -5,
				this.taskService.createTaskQuery()
					.processDefinitionKey(LifecycleModel.PROCESS_KEY)
					.taskDefinitionKey(LifecycleModel.TASK_REVIEW_VISIT_REQUEST)
					.taskCandidateGroupInExpression("${currentUserGroups()}")
					.includeAssignedTasks()
					.orderByTaskCreateTime()
					.asc(),
				Role.SUPERVISOR);
		ensure(ALL_VISIT_TASKS, "Все открытые задачи по визитам", 0,
				this.taskService.createTaskQuery().processDefinitionKey(LifecycleModel.PROCESS_KEY), null);
	}

	private void ensure(String name, String description, int priority, TaskQuery query, Role readers) {
		Filter existing = this.filterService.createFilterQuery().filterName(name).singleResult();
		if (existing != null) {
			// the query may have changed since (review requests now go to the rep's team group)
			this.filterService.saveFilter(existing.setQuery(query));
			return;
		}
		Map<String, Object> properties = new HashMap<>();
		properties.put("description", description);
		properties.put("priority", priority);
		properties.put("refresh", true);
		properties.put("variables", SHOWN_VARIABLES);
		Filter filter = this.filterService.newTaskFilter(name).setProperties(properties).setQuery(query);
		this.filterService.saveFilter(filter);
		if (readers != null) {
			Authorization read = this.authorizationService.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
			read.setGroupId(readers.groupId());
			read.setResource(Resources.FILTER);
			read.setResourceId(filter.getId());
			read.addPermission(Permissions.READ);
			this.authorizationService.saveAuthorization(read);
		}
	}

}
