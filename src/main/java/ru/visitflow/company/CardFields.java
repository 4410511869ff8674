package ru.visitflow.company;

import java.util.List;

/**
 * The configured company card fields the field app shows and lets reps edit besides the
 * fixed ones (opening hours, decision maker, products of interest). Implemented by the
 * Bitrix24 integration from its configuration.
 */
public interface CardFields {

	/** The further fields, in the configured order. */
	List<CardField> extra();

	/**
	 * @param name the CRM's name of the field ({@code UF_CRM_…}), the key in
	 * {@link Company#extraFields()}
	 * @param labelKey a message key naming it, or null
	 * @param label its name when there is no key: the configured one, else the CRM's
	 */
	record CardField(String name, String labelKey, String label) {
	}

}
