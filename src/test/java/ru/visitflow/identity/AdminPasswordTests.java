package ru.visitflow.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.identity.User;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.MessageSource;

import ru.visitflow.visit.process.LifecycleTestSupport;

/**
 * A reused database: the configured administrator password replaces the stored one at
 * start, and the blanket grant supervisors had over every instance, task and history
 * entry is narrowed.
 */
class AdminPasswordTests extends LifecycleTestSupport {

	@Autowired
	private MessageSource messages;

	@Autowired
	private IdentityService identityService;

	@Autowired
	private AuthorizationService authorizationService;

	@Autowired
	private IdentityBootstrap identity;

	@Autowired
	private UserDirectory users;

	@Autowired
	private StoredPasswords passwords;

	@Test
	void theConfiguredAdministratorPasswordIsAppliedToAnExistingAdministrator() {
		this.identity.ensureUser("admin5", "Admin", "Five", "demo", List.of(Role.ADMIN.groupId()));
		User user = this.identityService.createUserQuery().userId("admin5").singleResult();
		user.setPassword("demo");
		this.identityService.saveUser(user);

		new IdentityBootstrap(this.identityService, this.authorizationService,
				new IdentityProperties(MOSCOW, "admin5", "n3w-Secret"), this.users, this.passwords, this.messages)
			.setUp();

		assertThat(this.identityService.checkPassword("admin5", "n3w-Secret")).isTrue();
		assertThat(this.identityService.checkPassword("admin5", "demo")).isFalse();
	}

	@Test
	void theBlanketSupervisorGrantFromBeforeTeamsIsNarrowed() {
		Authorization grant = this.authorizationService.createAuthorizationQuery()
			.groupIdIn(Role.SUPERVISOR.groupId())
			.resourceType(Resources.PROCESS_DEFINITION)
			.resourceId("VisitLifecycle")
			.singleResult();
		grant.addPermission(ProcessDefinitionPermissions.READ_INSTANCE);
		grant.addPermission(ProcessDefinitionPermissions.READ_HISTORY);
		grant.addPermission(ProcessDefinitionPermissions.READ_TASK);
		this.authorizationService.saveAuthorization(grant);

		new IdentityBootstrap(this.identityService, this.authorizationService,
				new IdentityProperties(MOSCOW, null, null), this.users, this.passwords, this.messages)
			.setUp();

		Authorization narrowed = this.authorizationService.createAuthorizationQuery()
			.groupIdIn(Role.SUPERVISOR.groupId())
			.resourceType(Resources.PROCESS_DEFINITION)
			.resourceId("VisitLifecycle")
			.singleResult();
		assertThat(narrowed.isPermissionGranted(ProcessDefinitionPermissions.READ)).isTrue();
		assertThat(narrowed.isPermissionGranted(ProcessDefinitionPermissions.READ_INSTANCE)).isFalse();
		assertThat(narrowed.isPermissionGranted(ProcessDefinitionPermissions.READ_HISTORY)).isFalse();
		assertThat(narrowed.isPermissionGranted(ProcessDefinitionPermissions.READ_TASK)).isFalse();
	}

}
