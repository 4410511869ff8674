package ru.visitflow.map;

/**
 * A marker's colour, from the company's visits: red with an overdue visit, blue with a
 * planned one, else by the age of the last completed visit (yellow recent, orange older,
 * brown stale), grey never visited. The code is the number the marker API sends.
 */
public enum MarkerColour {

	NONE, RECENT, OLDER, STALE, PLANNED, OVERDUE;

	public int code() {
		return ordinal();
	}

}
