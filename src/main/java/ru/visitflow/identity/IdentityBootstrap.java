package ru.visitflow.identity;

import static org.camunda.bpm.engine.authorization.Permissions.ACCESS;
import static org.camunda.bpm.engine.authorization.Permissions.CREATE;
import static org.camunda.bpm.engine.authorization.Permissions.DELETE;
import static org.camunda.bpm.engine.authorization.Permissions.READ;
import static org.camunda.bpm.engine.authorization.Permissions.READ_HISTORY;
import static org.camunda.bpm.engine.authorization.Permissions.READ_INSTANCE;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Groups;
import org.camunda.bpm.engine.authorization.Permission;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resource;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.identity.User;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.MessageSource;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Makes sure, at every start and idempotently, that Visitflow's groups exist with the
 * permissions their members need in the Camunda webapps while authorization is on
 * (camunda-admin gets every permission), and creates the configured administrator.
 */
@Component
public class IdentityBootstrap {

	/**
	 * Process definition key whose instances reps and supervisors work on in Tasklist.
	 */
	static final String LIFECYCLE_PROCESS = "VisitLifecycle";

	/**
	 * Process designers: deploy from Camunda Modeler (engine REST) and watch definitions,
	 * instances and incidents in Cockpit; no Tasklist, no task work, no Admin. Its name
	 * shows only in Camunda Admin, which has no Russian.
	 */
	public static final String DESIGNERS = "designers";

	private static final Logger logger = LoggerFactory.getLogger(IdentityBootstrap.class);

	private final IdentityService identityService;

	private final AuthorizationService authorizationService;

	private final IdentityProperties properties;

	private final UserDirectory users;

	private final StoredPasswords passwords;

	private final MessageSource messages;

	IdentityBootstrap(IdentityService identityService, AuthorizationService authorizationService,
			IdentityProperties properties, UserDirectory users, StoredPasswords passwords, MessageSource messages) {
		this.passwords = passwords;
		this.messages = messages;
		this.identityService = identityService;
		this.authorizationService = authorizationService;
		this.properties = properties;
		this.users = users;
	}

	@EventListener(ApplicationReadyEvent.class)
	@Order(0)
	public void setUp() {
		for (Role role : Role.values()) {
			ensureGroup(role.groupId(), text(role.groupNameKey()));
		}
		ensureGroup(Groups.CAMUNDA_ADMIN, "Camunda administrators");
		// membership of camunda-admin does not bypass authorization checks in 7.24: grant
		// it everything
		for (Resource resource : Resources.values()) {
			grant(Groups.CAMUNDA_ADMIN, resource, Authorization.ANY, Permissions.ALL);
		}
		grant(Role.REP, Resources.APPLICATION, "tasklist", ACCESS);
		grant(Role.REP, Resources.PROCESS_DEFINITION, LIFECYCLE_PROCESS, READ);
		grant(Role.SUPERVISOR, Resources.APPLICATION, "tasklist", ACCESS);
		grant(Role.SUPERVISOR, Resources.APPLICATION, "cockpit", ACCESS);
		// no blanket grant over instances, tasks or history: each supervisor reads their
		// team's instances
		// through the team groups (TeamGroups), granted per instance by the lifecycle
		grant(Role.SUPERVISOR, Resources.PROCESS_DEFINITION, LIFECYCLE_PROCESS, READ);
		this.users.alignTeams();
		ensureGroup(DESIGNERS, "Process designers");
		grant(DESIGNERS, Resources.APPLICATION, "cockpit", ACCESS);
		grant(DESIGNERS, Resources.DEPLOYMENT, Authorization.ANY, CREATE, READ, DELETE);
		grant(DESIGNERS, Resources.PROCESS_DEFINITION, Authorization.ANY, READ, READ_INSTANCE, READ_HISTORY);
		grant(DESIGNERS, Resources.DECISION_DEFINITION, Authorization.ANY, READ, READ_HISTORY);
		grant(DESIGNERS, Resources.DECISION_REQUIREMENTS_DEFINITION, Authorization.ANY, READ);
		if (notBlank(this.properties.adminUser()) && notBlank(this.properties.adminPassword())) {
			ensureUser(this.properties.adminUser(), text("identity.admin.first-name"), "Visitflow",
					this.properties.adminPassword(), List.of(Role.ADMIN.groupId(), Groups.CAMUNDA_ADMIN));
			applyAdminPassword(this.properties.adminUser(), this.properties.adminPassword());
		}
	}

	/** Creates a user once, in the given groups; an existing user is left as it is. */
	public void ensureUser(String userId, String firstName, String lastName, String password, List<String> groups) {
		if (this.identityService.createUserQuery().userId(userId).count() == 0) {
			User user = this.identityService.newUser(userId);
			user.setFirstName(firstName);
			user.setLastName(lastName);
			user.setPassword(password);
			user.setEmail(userId + "@visitflow.local");
			this.identityService.saveUser(user);
			for (String group : groups) {
				this.identityService.createMembership(userId, group);
			}
			logger.info("Created user {} in groups {}", userId, groups);
		}
	}

	/**
	 * The configured administrator password wins over the stored one (a reused demo
	 * database included).
	 */
	private void applyAdminPassword(String userId, String password) {
		if (this.passwords.is(userId, password)) {
			return;
		}
		User user = this.identityService.createUserQuery().userId(userId).singleResult();
		user.setPassword(password);
		this.identityService.saveUser(user);
		this.identityService.unlockUser(userId);
		logger.warn("Applied the configured administrator password (VISITFLOW_ADMIN_PASSWORD) to {}", userId);
	}

	private void ensureGroup(String id, String name) {
		if (this.identityService.createGroupQuery().groupId(id).count() == 0) {
			Group group = this.identityService.newGroup(id);
			group.setName(name);
			group.setType(Groups.GROUP_TYPE_WORKFLOW);
			this.identityService.saveGroup(group);
		}
	}

	private void grant(Role role, Resource resource, String resourceId, Permission... permissions) {
		grant(role.groupId(), resource, resourceId, permissions);
	}

	/**
	 * Grants exactly these permissions: an earlier, wider grant (before teams) is
	 * narrowed.
	 */
	private void grant(String groupId, Resource resource, String resourceId, Permission... permissions) {
		Authorization existing = this.authorizationService.createAuthorizationQuery()
			.groupIdIn(groupId)
			.resourceType(resource)
			.resourceId(resourceId)
			.list()
			.stream()
			.filter((authorization) -> authorization.getAuthorizationType() == Authorization.AUTH_TYPE_GRANT)
			.findFirst()
			.orElse(null);
		if (existing != null && grantsMoreThan(existing, permissions)) {
			existing.setPermissions(permissions);
			this.authorizationService.saveAuthorization(existing);
			logger.info("Narrowed the grant of {} on {} {} to {}", groupId, resource.resourceName(), resourceId,
					Arrays.asList(permissions));
		}
		if (existing == null) {
			Authorization authorization = this.authorizationService
				.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
			authorization.setGroupId(groupId);
			authorization.setResource(resource);
			authorization.setResourceId(resourceId);
			for (Permission permission : permissions) {
				authorization.addPermission(permission);
			}
			this.authorizationService.saveAuthorization(authorization);
		}
	}

	private static boolean grantsMoreThan(Authorization authorization, Permission... wanted) {
		List<Permission> wantedList = Arrays.asList(wanted);
		if (wantedList.contains(Permissions.ALL)) {
			return false;
		}
		for (Permission permission : Permissions.values()) {
			if (permission == Permissions.ALL || permission == Permissions.NONE || wantedList.contains(permission)) {
				continue;
			}
			try {
				if (authorization.isPermissionGranted(permission)) {
					return true;
				}
			}
			catch (RuntimeException ex) {
				// the permission does not apply to this resource
			}
		}
		return false;
	}

	private static boolean notBlank(String value) {
		return value != null && !value.isBlank();
	}

	/**
	 * Names Visitflow writes into Camunda's identity service: in the product's language,
	 * Russian.
	 */
	private String text(String key) {
		return this.messages.getMessage(key, null, Locale.forLanguageTag("ru"));
	}

}
