package ru.visitflow.identity;

/**
 * Puts a to-do in front of a person in the CRM, where they work: in Bitrix24 a task they
 * are responsible for, which Bitrix24 notifies them of. Called outside database
 * transactions; it is a remote call.
 */
public interface PersonalTasks {

	/**
	 * @param crmUserId the person's Bitrix24 user id
	 * @return the CRM's id of the task
	 */
	long assign(long crmUserId, String title, String description);

}
