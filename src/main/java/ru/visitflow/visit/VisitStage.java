package ru.visitflow.visit;

/** The stages of the Visit smart process in Bitrix24, as Visitflow names them. */
public enum VisitStage {

	/** Planned well ahead. */
	DRAFT,
	/**
	 * Follow-up visit waiting for its timer to move it to In work a few days before the
	 * date.
	 */
	REPEAT_VISIT,
	/** Within about a week of the visit: the rep works on it. */
	IN_WORK,
	/** The planned day passed without a result. */
	OVERDUE, COMPLETED,
	/** Stayed in Overdue past the retention days. */
	FAILED, CANCELLED;

	public boolean isOpen() {
		return this != COMPLETED && this != FAILED && this != CANCELLED;
	}

	/** Stages in which the rep can record a result. */
	public boolean acceptsResult() {
		return this == IN_WORK || this == OVERDUE;
	}

}
