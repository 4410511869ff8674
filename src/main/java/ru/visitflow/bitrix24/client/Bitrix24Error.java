package ru.visitflow.bitrix24.client;

/** An error as Bitrix24 reports it; {@code code} may be empty (calendar methods, crm.company.list). */
public record Bitrix24Error(String code, String description) {

	@Override
	public String toString() {
		return (this.code == null || this.code.isEmpty()) ? this.description : this.code + ": " + this.description;
	}

}
