package ru.visitflow.identity;

import java.util.Optional;

/**
 * Where a user works from: their office and home (position and address, either may be
 * unset) and which of them their day's route starts and ends at.
 *
 * @param routeStart where the day starts; unset: the office if known, else home
 * @param routeEnd where the day ends; unset: where it starts
 */
public record UserPlaces(Place office, Place home, Kind routeStart, Kind routeEnd) {

	public static final UserPlaces NONE = new UserPlaces(null, null, null, null);

	/** The place of one kind, if set. */
	public Optional<Place> place(Kind kind) {
		return Optional.ofNullable((kind == Kind.HOME) ? this.home : this.office);
	}

	/** Where the day starts: the chosen place, else the office, else home. */
	public Optional<Place> start() {
		if (this.routeStart != null && place(this.routeStart).isPresent()) {
			return place(this.routeStart);
		}
		return Optional.ofNullable((this.office != null) ? this.office : this.home);
	}

	/** Where the day ends: the chosen place, else where it starts. */
	public Optional<Place> end() {
		if (this.routeEnd != null && place(this.routeEnd).isPresent()) {
			return place(this.routeEnd);
		}
		return start();
	}

	/** The same places with one of them replaced (or cleared with null). */
	public UserPlaces with(Kind kind, Place place) {
		return (kind == Kind.HOME) ? new UserPlaces(this.office, place, this.routeStart, this.routeEnd)
				: new UserPlaces(place, this.home, this.routeStart, this.routeEnd);
	}

	/** Office or home. */
	public enum Kind {

		OFFICE, HOME

	}

	/** A position with its address as the user wrote it (may be null). */
	public record Place(double latitude, double longitude, String address) {
	}

}
