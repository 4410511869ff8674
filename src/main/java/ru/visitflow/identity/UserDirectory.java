package ru.visitflow.identity;

import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.identity.User;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * People and teams: accounts and groups from Camunda's identity service (shared with
 * Tasklist), profiles (time zone, Bitrix24 user, supervisor) from Visitflow's own table.
 */
@Service
public class UserDirectory {

	private final IdentityService identityService;

	private final UserProfileRepository profiles;

	private final IdentityProperties properties;

	private final TeamGroups teams;

	UserDirectory(IdentityService identityService, UserProfileRepository profiles, IdentityProperties properties,
			TeamGroups teams) {
		this.identityService = identityService;
		this.profiles = profiles;
		this.properties = properties;
		this.teams = teams;
	}

	public Set<Role> rolesOf(String userId) {
		Set<Role> roles = EnumSet.noneOf(Role.class);
		for (Group group : this.identityService.createGroupQuery().groupMember(userId).list()) {
			Role.ofGroup(group.getId()).ifPresent(roles::add);
		}
		return roles;
	}

	public Actor actor(String userId) {
		return new Actor(userId, rolesOf(userId));
	}

	public boolean isRep(String userId) {
		return this.identityService.createUserQuery().userId(userId).memberOfGroup(Role.REP.groupId()).count() > 0;
	}

	/** Every rep (member of the reps' group), by user id. */
	public List<String> reps() {
		return this.identityService.createUserQuery()
			.memberOfGroup(Role.REP.groupId())
			.orderByUserId()
			.asc()
			.list()
			.stream()
			.map(User::getId)
			.toList();
	}

	public Optional<String> displayName(String userId) {
		User user = this.identityService.createUserQuery().userId(userId).singleResult();
		if (user == null) {
			return Optional.empty();
		}
		String name = ((user.getFirstName() == null ? "" : user.getFirstName()) + " "
				+ (user.getLastName() == null ? "" : user.getLastName()))
			.trim();
		return Optional.of(name.isEmpty() ? userId : name);
	}

	public Optional<UserProfile> profile(String userId) {
		return this.profiles.find(userId);
	}

	/** The Visitflow user behind a Bitrix24 user id, if one is mapped. */
	public Optional<String> userOfBitrix24(long bitrix24UserId) {
		return this.profiles.findByBitrix24UserId(bitrix24UserId).map(UserProfile::userId);
	}

	public Optional<Long> bitrix24UserOf(String userId) {
		return this.profiles.find(userId).map(UserProfile::bitrix24UserId);
	}

	/** The zone "today" and "overdue" are counted in for this user. */
	public ZoneId timeZoneOf(String userId) {
		return this.profiles.find(userId).map(UserProfile::timeZone).orElse(this.properties.defaultTimeZone());
	}

	/** The reps whose supervisor this user is. */
	public List<String> teamOf(String supervisorId) {
		return this.profiles.teamOf(supervisorId);
	}

	/**
	 * Saves a profile; a new supervisor takes over the rep's visits in the engine (see
	 * {@link TeamGroups}).
	 */
	@Transactional
	public void saveProfile(UserProfile profile) {
		this.profiles.save(profile);
		this.teams.follow(profile.userId(), profile.supervisorId());
	}

	/**
	 * Brings every rep's engine team group in line with the profiles (at start, for data
	 * from before).
	 */
	@Transactional
	public void alignTeams() {
		for (UserProfile profile : this.profiles.all()) {
			this.teams.follow(profile.userId(), profile.supervisorId());
		}
	}

}
