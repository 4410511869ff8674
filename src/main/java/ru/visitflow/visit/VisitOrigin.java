package ru.visitflow.visit;

/**
 * How a visit came to exist; decides, by configuration, whether a supervisor reviews it
 * first.
 */
public enum VisitOrigin {

	/** Created by a rep or supervisor through the app or API. */
	MANUAL,
	/** Formed by a plan: a visit request a supervisor reviews. */
	PLAN,
	/** From a Bitrix24 card, robot or business process. */
	BITRIX24,
	/** Started from the map. */
	MAP,
	/** Registered on the spot by a rep in the field. */
	UNPLANNED,
	/** The next visit agreed at an earlier one. */
	REPEAT,
	/** A suggestion of the day's route the rep kept. */
	ROUTE

}
