package ru.visitflow.company;

/**
 * Writes an approved company position back to the CRM's coordinates field. Called after
 * the approval is committed, never inside a database transaction; a failure is kept and
 * retried.
 */
public interface CoordinatesWriteBack {

	/**
	 * @throws RuntimeException when the CRM could not be written; the message says why
	 * and holds no secret
	 */
	void write(long companyId, double latitude, double longitude);

}
