package ru.visitflow.bitrix24.client;

/**
 * An error as Bitrix24 reports it; {@code code} may be empty (calendar methods,
 * crm.company.list) or one Visitflow does not know, and is kept as it came.
 */
public record Bitrix24Error(String code, String description) {

	/** The documented code, {@link Bitrix24ErrorCode#UNKNOWN} for any other. */
	public Bitrix24ErrorCode errorCode() {
		return Bitrix24ErrorCode.of(this.code);
	}

	/** Bitrix24 said no to this very request: retrying cannot change that. */
	public boolean isRefusal() {
		return errorCode().kind() == Bitrix24ErrorCode.Kind.REFUSAL;
	}

	@Override
	public String toString() {
		return (this.code == null || this.code.isEmpty()) ? this.description : this.code + ": " + this.description;
	}

}
