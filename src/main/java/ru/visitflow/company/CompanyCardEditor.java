package ru.visitflow.company;

import java.util.List;

/**
 * Edits of a company or contact card made in Visitflow: saved to the CRM first (the
 * system of record), then to the mirror. Implemented by the Bitrix24 integration.
 */
public interface CompanyCardEditor {

	/** Saves the change and answers the company as the mirror now has it. */
	Company update(long companyId, CardChange change);

	/** Saves the change and answers the contact as the mirror now has it. */
	Contact updateContact(long contactId, ContactChange change);

	/** What to change on a company; a null part stays as it is. */
	record CardChange(String title, List<String> phones, List<String> emails) {
	}

	/** What to change on a contact; a null part stays as it is. */
	record ContactChange(String name, String lastName, String post, List<String> phones, List<String> emails) {
	}

}
