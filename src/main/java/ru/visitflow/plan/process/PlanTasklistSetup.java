package ru.visitflow.plan.process;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permission;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resource;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.filter.Filter;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.MessageSource;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import ru.visitflow.identity.Role;

/**
 * Tasklist for plans, once at start and idempotently: the filter "my plan tasks"
 * (forming, proposing, the control step, catching up) for reps and supervisors, and read
 * rights on the plan process so its tasks and forms show.
 */
@Component
class PlanTasklistSetup {

	private static final Locale RU = Locale.forLanguageTag("ru");

	private final FilterService filterService;

	private final TaskService taskService;

	private final AuthorizationService authorizationService;

	private final MessageSource messages;

	PlanTasklistSetup(FilterService filterService, TaskService taskService, AuthorizationService authorizationService,
			MessageSource messages) {
		this.filterService = filterService;
		this.taskService = taskService;
		this.authorizationService = authorizationService;
		this.messages = messages;
	}

	@EventListener(ApplicationReadyEvent.class)
	@Order(2)
	public void setUp() {
		grant(Role.REP, Resources.PROCESS_DEFINITION, PlanModel.PROCESS_KEY, Permissions.READ);
		grant(Role.SUPERVISOR, Resources.PROCESS_DEFINITION, PlanModel.PROCESS_KEY, Permissions.READ,
				Permissions.READ_INSTANCE, Permissions.READ_HISTORY);
		String name = this.messages.getMessage("plan.tasklist.filter", null, RU);
		if (this.filterService.createFilterQuery().filterName(name).count() > 0) {
			return;
		}
		Map<String, Object> properties = new HashMap<>();
		properties.put("description", this.messages.getMessage("plan.tasklist.filter.description", null, RU));
		properties.put("priority", -8);
		properties.put("refresh", true);
		properties.put("variables", List.of(Map.of("name", PlanModel.PLAN_SUMMARY, "label",
				this.messages.getMessage("plan.tasklist.variable.summary", null, RU))));
		Filter filter = this.filterService.newTaskFilter(name)
			.setProperties(properties)
			.setQuery(this.taskService.createTaskQuery()
				.processDefinitionKey(PlanModel.PROCESS_KEY)
				.taskAssigneeExpression("${currentUser()}")
				.orderByTaskCreateTime()
				.asc());
		this.filterService.saveFilter(filter);
		for (Role role : List.of(Role.REP, Role.SUPERVISOR)) {
			grant(role, Resources.FILTER, filter.getId(), Permissions.READ);
		}
	}

	private void grant(Role role, Resource resource, String resourceId, Permission... permissions) {
		boolean exists = this.authorizationService.createAuthorizationQuery()
			.groupIdIn(role.groupId())
			.resourceType(resource)
			.resourceId(resourceId)
			.count() > 0;
		if (exists) {
			return;
		}
		Authorization authorization = this.authorizationService.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
		authorization.setGroupId(role.groupId());
		authorization.setResource(resource);
		authorization.setResourceId(resourceId);
		for (Permission permission : permissions) {
			authorization.addPermission(permission);
		}
		this.authorizationService.saveAuthorization(authorization);
	}

}
