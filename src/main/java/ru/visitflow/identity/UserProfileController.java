package ru.visitflow.identity;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import ru.visitflow.system.FieldProblem;
import ru.visitflow.system.ForbiddenException;
import ru.visitflow.system.InvalidInputException;
import ru.visitflow.system.NotFoundException;

/**
 * Who am I, and the profiles that map users (created in Camunda Admin) to Bitrix24 users,
 * time zones and teams. Only administrators change profiles.
 */
@RestController
@RequestMapping("/api")
@Tag(name = "Users",
		description = "The caller, and user profiles: Bitrix24 user, time zone, supervisor, office and home")
class UserProfileController {

	private final UserDirectory users;

	UserProfileController(UserDirectory users) {
		this.users = users;
	}

	record Me(String userId, String displayName, Set<Role> roles, String timeZone, Long bitrix24UserId,
			String supervisorId, String region, UserPlaces places) {
	}

	@Schema(description = "A user's office and home, and where their day's route starts and ends (a place left "
			+ "out is cleared)", example = """
					{"office": {"latitude": 55.7512, "longitude": 37.6184, "address": "Moscow, Tverskaya St, 1"},
					 "home": {"latitude": 55.70, "longitude": 37.50, "address": null},
					 "routeStart": "HOME", "routeEnd": "OFFICE"}""")
	record PlacesChange(PlaceChange office, PlaceChange home, UserPlaces.Kind routeStart, UserPlaces.Kind routeEnd) {
	}

	record PlaceChange(Double latitude, Double longitude, String address) {
	}

	@Schema(description = "A user's profile as an administrator sets it", example = """
			{"bitrix24UserId": 15, "timeZone": "Europe/Moscow", "supervisorId": "head1", "region": "Moscow"}""")
	record ProfileChange(@Schema(description = "The user's Bitrix24 id", example = "15") Long bitrix24UserId,
			@Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "An IANA time zone",
					example = "Europe/Moscow") String timeZone,
			@Schema(description = "The supervisor's user id", example = "head1") String supervisorId,
			@Schema(example = "Moscow") @Size(max = 100) String region) {
	}

	@GetMapping("/me")
	@Operation(summary = "The logged-in user with roles, time zone and team")
	Me me() {
		Actor actor = CurrentActor.get();
		return view(actor.userId(), actor.roles());
	}

	@GetMapping("/users/{userId}/profile")
	@Operation(summary = "A user's profile", description = "For the user, their supervisor and administrators.")
	Me profile(@PathVariable String userId) {
		mayRead(CurrentActor.get(), userId);
		requireUser(userId);
		return view(userId, this.users.rolesOf(userId));
	}

	@PutMapping("/users/{userId}/profile/places")
	@Operation(summary = "Set a user's office, home and route start/end",
			description = "For the user, their supervisor and administrators; the day's route starts and ends there "
					+ "unless the current position is given")
	Me places(@PathVariable String userId, @RequestBody PlacesChange change) {
		Actor actor = CurrentActor.get();
		mayRead(actor, userId);
		requireUser(userId);
		List<FieldProblem> problems = new ArrayList<>();
		UserPlaces.Place office = place("office", change.office(), problems);
		UserPlaces.Place home = place("home", change.home(), problems);
		if (!problems.isEmpty()) {
			throw new InvalidInputException(problems);
		}
		this.users.savePlaces(userId, new UserPlaces(office, home, change.routeStart(), change.routeEnd()));
		return view(userId, this.users.rolesOf(userId));
	}

	private static UserPlaces.Place place(String field, PlaceChange change, List<FieldProblem> problems) {
		if (change == null || (change.latitude() == null && change.longitude() == null)) {
			return null;
		}
		if (change.latitude() == null) {
			problems.add(FieldProblem.required(field + ".latitude"));
		}
		if (change.longitude() == null) {
			problems.add(FieldProblem.required(field + ".longitude"));
		}
		if (change.latitude() == null || change.longitude() == null) {
			return null;
		}
		String address = (change.address() == null || change.address().isBlank()) ? null : change.address().trim();
		return new UserPlaces.Place(change.latitude(), change.longitude(), address);
	}

	private void mayRead(Actor actor, String userId) {
		boolean allowed = actor.isAdmin() || actor.userId().equals(userId)
				|| (actor.isSupervisor() && this.users.teamOf(actor.userId()).contains(userId));
		if (!allowed) {
			throw new ForbiddenException("Only the user, their supervisor or an administrator sees this profile");
		}
	}

	@PutMapping("/users/{userId}/profile")
	@Operation(summary = "Set a user's profile (administrators)")
	Me update(@PathVariable String userId, @Valid @RequestBody ProfileChange change) {
		if (!CurrentActor.get().isAdmin()) {
			throw new ForbiddenException("Only administrators change profiles");
		}
		requireUser(userId);
		List<FieldProblem> problems = new ArrayList<>();
		ZoneId zone = null;
		if (change.timeZone() == null || change.timeZone().isBlank()) {
			problems.add(FieldProblem.required("timeZone"));
		}
		else {
			try {
				zone = ZoneId.of(change.timeZone());
			}
			catch (DateTimeException ex) {
				problems.add(new FieldProblem("timeZone", "unknown",
						"'" + change.timeZone() + "' is not a time zone; use an IANA name such as Europe/Moscow"));
			}
		}
		if (change.bitrix24UserId() != null
				&& (change.bitrix24UserId() <= 0 || change.bitrix24UserId() > Integer.MAX_VALUE)) {
			problems.add(new FieldProblem("bitrix24UserId", "invalid",
					"must be a Bitrix24 user id (a positive number up to " + Integer.MAX_VALUE + ")"));
		}
		if (change.supervisorId() != null && !change.supervisorId().isBlank()
				&& !this.users.rolesOf(change.supervisorId()).contains(Role.SUPERVISOR)) {
			problems.add(
					new FieldProblem("supervisorId", "unknown", "'" + change.supervisorId() + "' is not a supervisor"));
		}
		if (!problems.isEmpty()) {
			throw new InvalidInputException(problems);
		}
		String supervisor = (change.supervisorId() == null || change.supervisorId().isBlank()) ? null
				: change.supervisorId();
		this.users.saveProfile(new UserProfile(userId, change.bitrix24UserId(), zone, supervisor, change.region()));
		return view(userId, this.users.rolesOf(userId));
	}

	private void requireUser(String userId) {
		if (this.users.displayName(userId).isEmpty()) {
			throw new NotFoundException("No user " + userId);
		}
	}

	private Me view(String userId, Set<Role> roles) {
		UserProfile profile = this.users.profile(userId).orElse(null);
		return new Me(userId, this.users.displayName(userId).orElse(userId), roles,
				this.users.timeZoneOf(userId).getId(), (profile != null) ? profile.bitrix24UserId() : null,
				(profile != null) ? profile.supervisorId() : null, (profile != null) ? profile.region() : null,
				this.users.places(userId));
	}

}
