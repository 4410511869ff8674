package ru.visitflow.visit.process;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.HistoricProcessInstancePermissions;
import org.camunda.bpm.engine.authorization.Permission;
import org.camunda.bpm.engine.authorization.ProcessInstancePermissions;
import org.camunda.bpm.engine.authorization.Resource;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import ru.visitflow.identity.TeamGroups;

/**
 * Who may read a lifecycle instance in engine REST and Cockpit: the rep's team group (the
 * rep's supervisor, see {@link TeamGroups}) gets READ on the instance and on its history,
 * granted when the instance starts. Instances from before teams are granted at start-up.
 */
@Component
class InstanceAuthorizations {

	private static final Logger logger = LoggerFactory.getLogger(InstanceAuthorizations.class);

	private final AuthorizationService authorizationService;

	private final HistoryService historyService;

	private final TeamGroups teams;

	InstanceAuthorizations(AuthorizationService authorizationService, HistoryService historyService, TeamGroups teams) {
		this.authorizationService = authorizationService;
		this.historyService = historyService;
		this.teams = teams;
	}

	void grant(String processInstanceId, String repId, boolean running) {
		String group = this.teams.groupOf(repId);
		if (running) {
			save(group, Resources.PROCESS_INSTANCE, processInstanceId, ProcessInstancePermissions.READ);
		}
		save(group, Resources.HISTORIC_PROCESS_INSTANCE, processInstanceId, HistoricProcessInstancePermissions.READ);
	}

	@EventListener(ApplicationReadyEvent.class)
	@Order(2)
	public void grantInstancesFromBefore() {
		Set<String> granted = new HashSet<>();
		this.authorizationService.createAuthorizationQuery()
			.resourceType(Resources.HISTORIC_PROCESS_INSTANCE)
			.list()
			.forEach((authorization) -> granted.add(authorization.getResourceId()));
		Map<String, String> reps = new HashMap<>();
		this.historyService.createHistoricVariableInstanceQuery()
			.variableName(LifecycleModel.REP_ID)
			.list()
			.forEach((variable) -> reps.put(variable.getProcessInstanceId(), String.valueOf(variable.getValue())));
		List<HistoricProcessInstance> instances = this.historyService.createHistoricProcessInstanceQuery()
			.processDefinitionKey(LifecycleModel.PROCESS_KEY)
			.list();
		int count = 0;
		for (HistoricProcessInstance instance : instances) {
			String repId = reps.get(instance.getId());
			if (!granted.contains(instance.getId()) && repId != null) {
				grant(instance.getId(), repId, instance.getEndTime() == null);
				count++;
			}
		}
		if (count > 0) {
			logger.info("Granted {} lifecycle instances from before to their teams", count);
		}
	}

	private void save(String groupId, Resource resource, String resourceId, Permission permission) {
		Authorization authorization = this.authorizationService.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
		authorization.setGroupId(groupId);
		authorization.setResource(resource);
		authorization.setResourceId(resourceId);
		authorization.addPermission(permission);
		this.authorizationService.saveAuthorization(authorization);
	}

}
