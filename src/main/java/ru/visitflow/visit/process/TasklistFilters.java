package ru.visitflow.visit.process;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
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
import org.springframework.context.MessageSource;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import ru.visitflow.identity.Role;

/**
 * Tasklist opens on the right list: a rep sees "my visits", a supervisor "requests to
 * review" (named in the product's language, Russian, from the message bundle). Created
 * once by name and readable by the group they are for; admins (camunda-admin) see every
 * filter.
 */
@Component
class TasklistFilters {

	private static final Locale PRODUCT_LOCALE = Locale.forLanguageTag("ru");

	private final FilterService filterService;

	private final TaskService taskService;

	private final AuthorizationService authorizationService;

	private final MessageSource messages;

	TasklistFilters(FilterService filterService, TaskService taskService, AuthorizationService authorizationService,
			MessageSource messages) {
		this.filterService = filterService;
		this.taskService = taskService;
		this.authorizationService = authorizationService;
		this.messages = messages;
	}

	private String text(String key) {
		return this.messages.getMessage(key, null, PRODUCT_LOCALE);
	}

	@EventListener(ApplicationReadyEvent.class)
	@Order(1)
	public void setUp() {
		ensure(text("tasklist.filter.my-visits"), text("tasklist.filter.my-visits.description"), -10,
				this.taskService.createTaskQuery()
					.processDefinitionKey(LifecycleModel.PROCESS_KEY)
					.taskAssigneeExpression("${currentUser()}")
					.orderByDueDate()
					.asc(),
				Role.REP);
		ensure(text("tasklist.filter.requests"), text("tasklist.filter.requests.description"), -5,
				this.taskService.createTaskQuery()
					.processDefinitionKey(LifecycleModel.PROCESS_KEY)
					.taskDefinitionKey(LifecycleModel.TASK_REVIEW_VISIT_REQUEST)
					.taskCandidateGroupInExpression("${currentUserGroups()}")
					.includeAssignedTasks()
					.orderByTaskCreateTime()
					.asc(),
				Role.SUPERVISOR);
		ensure(text("tasklist.filter.all"), text("tasklist.filter.all.description"), 0,
				this.taskService.createTaskQuery().processDefinitionKey(LifecycleModel.PROCESS_KEY), null);
	}

	private void ensure(String name, String description, int priority, TaskQuery query, Role readers) {
		Filter existing = this.filterService.createFilterQuery().filterName(name).singleResult();
		if (existing != null) {
			// the query may have changed since (review requests now go to the rep's team
			// group)
			this.filterService.saveFilter(existing.setQuery(query));
			return;
		}
		Map<String, Object> properties = new HashMap<>();
		properties.put("description", description);
		properties.put("priority", priority);
		properties.put("refresh", true);
		properties.put("variables", shownVariables());
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

	private List<Map<String, String>> shownVariables() {
		return List.of(Map.of("name", LifecycleModel.VISIT_SUMMARY, "label", text("tasklist.filter.variable.visit")));
	}

}
