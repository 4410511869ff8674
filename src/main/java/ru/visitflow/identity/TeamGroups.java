package ru.visitflow.identity;

import java.util.List;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.authorization.Groups;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.identity.User;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Teams in the engine: for every rep a Camunda group {@code supervisors-of-<rep>} whose
 * only member is the rep's supervisor (from the profile). The lifecycle grants that group
 * read access to each of the rep's process instances and their history and makes it the
 * candidate group of the rep's visit requests, so a supervisor sees and reviews only
 * their team in engine REST, Cockpit and Tasklist. A profile change moves the membership,
 * which moves every grant at once.
 */
@Component
public class TeamGroups {

	/**
	 * Prefix of the group id; the model's review task names
	 * {@code supervisors-of-${repId}}.
	 */
	public static final String PREFIX = "supervisors-of-";

	private static final Logger logger = LoggerFactory.getLogger(TeamGroups.class);

	private final IdentityService identityService;

	private final TransactionTemplate ownTransaction;

	TeamGroups(IdentityService identityService, PlatformTransactionManager transactionManager) {
		this.identityService = identityService;
		this.ownTransaction = new TransactionTemplate(transactionManager);
		this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
	}

	/** The group of those who supervise this rep; created when missing. */
	public String groupOf(String repId) {
		String groupId = PREFIX + repId;
		if (this.identityService.createGroupQuery().groupId(groupId).count() == 0) {
			// in a transaction of its own: two first visits of a rep at once race for the
			// group, and the loser's visit must not fail with it
			try {
				this.ownTransaction.executeWithoutResult((status) -> {
					Group group = this.identityService.newGroup(groupId);
					group.setName("Supervisors of " + repId);
					group.setType(Groups.GROUP_TYPE_WORKFLOW);
					this.identityService.saveGroup(group);
				});
			}
			catch (RuntimeException ex) {
				if (this.identityService.createGroupQuery().groupId(groupId).count() == 0) {
					throw ex;
				}
				logger.debug("Group {} was created at the same moment elsewhere", groupId);
			}
		}
		return groupId;
	}

	/** Makes {@code supervisorId} (null: nobody) the only member of the rep's group. */
	void follow(String repId, String supervisorId) {
		if (supervisorId == null && this.identityService.createGroupQuery().groupId(PREFIX + repId).count() == 0) {
			return;
		}
		String groupId = groupOf(repId);
		List<User> members = this.identityService.createUserQuery().memberOfGroup(groupId).list();
		boolean present = false;
		for (User member : members) {
			if (member.getId().equals(supervisorId)) {
				present = true;
			}
			else {
				this.identityService.deleteMembership(member.getId(), groupId);
				logger.info("{} no longer supervises {} in the engine", member.getId(), repId);
			}
		}
		if (!present && supervisorId != null) {
			if (this.identityService.createUserQuery().userId(supervisorId).count() == 0) {
				logger.warn("Supervisor {} of {} is not a user; nobody supervises {} in the engine", supervisorId,
						repId, repId);
				return;
			}
			this.identityService.createMembership(supervisorId, groupId);
			logger.info("{} supervises {} in the engine", supervisorId, repId);
		}
	}

}
