package ru.visitflow.company;

import java.time.Instant;
import java.util.List;

/** A contact person of a company, mirrored from Bitrix24. */
public record Contact(long id, Long companyId, String name, String lastName, String post, List<String> phones,
		List<String> emails, Instant modifiedAt) {
}
