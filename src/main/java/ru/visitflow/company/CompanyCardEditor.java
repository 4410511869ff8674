package ru.visitflow.company;

import java.util.List;
import java.util.Map;

/**
 * Edits of a company or contact card made in Visitflow: saved to the CRM first (the
 * system of record), then to the mirror. Implemented by the Bitrix24 integration.
 */
public interface CompanyCardEditor {

	/** Saves the change and answers the company as the mirror now has it. */
	Company update(long companyId, CardChange change);

	/** Saves the change and answers the contact as the mirror now has it. */
	Contact updateContact(long contactId, ContactChange change);

	/**
	 * What to change on a company; a null part stays as it is, an empty text clears the
	 * field.
	 *
	 * @param fields the further configured card fields by their CRM name; one left out
	 * stays as it is
	 */
	record CardChange(String title, List<String> phones, List<String> emails, String openingHours, String decisionMaker,
			String productsOfInterest, Map<String, String> fields) {

		/** A change of title, phones and e-mails only. */
		public CardChange(String title, List<String> phones, List<String> emails) {
			this(title, phones, emails, null, null, null, null);
		}

	}

	/** What to change on a contact; a null part stays as it is. */
	record ContactChange(String name, String lastName, String post, List<String> phones, List<String> emails) {
	}

}
