package ru.visitflow.identity;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.identity.User;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import ru.visitflow.system.FieldProblem;
import ru.visitflow.system.InvalidInputException;

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

	/** The user's office and home, and where their day's route starts and ends. */
	public UserPlaces places(String userId) {
		return this.profiles.places(userId).orElse(UserPlaces.NONE);
	}

	/**
	 * Saves the user's places (a user without a profile gets one in the default zone).
	 */
	@Transactional
	public void savePlaces(String userId, UserPlaces places) {
		List<FieldProblem> problems = new ArrayList<>();
		check("office", places.office(), problems);
		check("home", places.home(), problems);
		if (places.routeStart() != null && places.place(places.routeStart()).isEmpty()) {
			problems.add(new FieldProblem("routeStart", "invalid", "no " + places.routeStart() + " position is set"));
		}
		if (places.routeEnd() != null && places.place(places.routeEnd()).isEmpty()) {
			problems.add(new FieldProblem("routeEnd", "invalid", "no " + places.routeEnd() + " position is set"));
		}
		if (!problems.isEmpty()) {
			throw new InvalidInputException(problems);
		}
		this.profiles.savePlaces(userId, places, this.properties.defaultTimeZone());
	}

	private static void check(String field, UserPlaces.Place place, List<FieldProblem> problems) {
		if (place == null) {
			return;
		}
		if (!Double.isFinite(place.latitude()) || place.latitude() < -90 || place.latitude() > 90) {
			problems.add(new FieldProblem(field + ".latitude", "invalid", "must be between -90 and 90"));
		}
		if (!Double.isFinite(place.longitude()) || place.longitude() < -180 || place.longitude() > 180) {
			problems.add(new FieldProblem(field + ".longitude", "invalid", "must be between -180 and 180"));
		}
		if (place.address() != null && place.address().length() > 300) {
			problems.add(new FieldProblem(field + ".address", "invalid", "at most 300 characters"));
		}
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
