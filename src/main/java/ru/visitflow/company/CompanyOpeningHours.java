package ru.visitflow.company;

import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;

import ru.visitflow.system.NotFoundException;

/**
 * Opening hours as written on the company card, the card being their source of truth:
 * read from the mirror (kept current by the company sync); an edit made in Visitflow goes
 * to the mirror at once, marked pending, then to the CRM outside any transaction. A
 * pending edit the CRM did not take is tried again ({@link #retryPending()}) and is not
 * overwritten by the sync meanwhile.
 */
@Service
public class CompanyOpeningHours {

	private static final Logger logger = LoggerFactory.getLogger(CompanyOpeningHours.class);

	private final CompanyMirror mirror;

	private final CardFieldWriteBack writeBack;

	CompanyOpeningHours(CompanyMirror mirror, CardFieldWriteBack writeBack) {
		this.mirror = mirror;
		this.writeBack = writeBack;
	}

	public Optional<String> of(long companyId) {
		return this.mirror.openingHours(companyId).filter((text) -> !text.isBlank());
	}

	/**
	 * Keeps the text and writes it to the CRM; true when the CRM has it, false when the
	 * write waits for a retry.
	 */
	public boolean save(long companyId, String text) {
		if (!this.mirror.saveOpeningHours(companyId, text)) {
			throw new NotFoundException("No company " + companyId);
		}
		return writeBack(companyId, text);
	}

	/** Writes the pending edits again; returns how many reached the CRM. */
	public int retryPending() {
		int written = 0;
		for (Map.Entry<Long, String> pending : this.mirror.pendingOpeningHours(20).entrySet()) {
			if (writeBack(pending.getKey(), pending.getValue())) {
				written++;
			}
		}
		return written;
	}

	private boolean writeBack(long companyId, String text) {
		try {
			this.writeBack.writeOpeningHours(companyId, text);
			this.mirror.openingHoursWritten(companyId, text, null);
			return true;
		}
		catch (RuntimeException ex) {
			String reason = (ex.getMessage() != null) ? ex.getMessage() : ex.getClass().getSimpleName();
			logger.warn("Writing company {}'s opening hours to Bitrix24 failed, will retry: {}", companyId, reason);
			this.mirror.openingHoursWritten(companyId, text,
					(reason.length() > 500) ? reason.substring(0, 500) : reason);
			return false;
		}
	}

}
