package ru.visitflow.company;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Visitflow's copy of the client companies and contacts; kept current by the Bitrix24
 * sync.
 */
@Service
public class CompanyMirror {

	private final CompanyRepository companies;

	private final ObjectProvider<CompanyRegionFigures> regionFigures;

	CompanyMirror(CompanyRepository companies, ObjectProvider<CompanyRegionFigures> regionFigures) {
		this.companies = companies;
		this.regionFigures = regionFigures;
	}

	@Transactional(readOnly = true)
	public Optional<Company> company(long id) {
		return this.companies.find(id);
	}

	@Transactional(readOnly = true)
	public List<Contact> contactsOf(long companyId) {
		return this.companies.contactsOf(companyId);
	}

	@Transactional(readOnly = true)
	public long companyCount() {
		return this.companies.count();
	}

	@Transactional
	public void save(Company company) {
		this.companies.save(company);
		this.regionFigures.orderedStream().forEach((figures) -> figures.saved(company.id(), company.region()));
	}

	/**
	 * Opening hours entered in Visitflow, pending until they reach Bitrix24; false when
	 * the mirror has no such company.
	 */
	@Transactional
	public boolean saveOpeningHours(long companyId, String text) {
		return this.companies.saveOpeningHours(companyId, text);
	}

	/** The write-back of opening hours ended: {@code error} null when it succeeded. */
	@Transactional
	public void openingHoursWritten(long companyId, String text, String error) {
		this.companies.openingHoursWritten(companyId, text, error);
	}

	@Transactional(readOnly = true)
	public Map<Long, String> pendingOpeningHours(int limit) {
		return this.companies.pendingOpeningHours(limit);
	}

	@Transactional(readOnly = true)
	public Optional<String> openingHours(long companyId) {
		return this.companies.openingHours(companyId);
	}

	@Transactional
	public void save(Contact contact) {
		this.companies.save(contact);
	}

}
