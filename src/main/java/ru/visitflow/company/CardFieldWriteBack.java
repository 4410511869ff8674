package ru.visitflow.company;

/**
 * Writes a card field Visitflow keeps to the CRM's company card: the opening hours
 * entered in Visitflow (the card is their source of truth). Implemented by the Bitrix24
 * integration; called outside any transaction.
 */
public interface CardFieldWriteBack {

	/**
	 * Writes the opening hours to the card's opening-hours field; throws when it fails.
	 */
	void writeOpeningHours(long companyId, String text);

}
