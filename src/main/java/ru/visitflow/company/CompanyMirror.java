package ru.visitflow.company;

import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Visitflow's copy of the client companies and contacts; kept current by the Bitrix24
 * sync.
 */
@Service
public class CompanyMirror {

	private final CompanyRepository companies;

	CompanyMirror(CompanyRepository companies) {
		this.companies = companies;
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
	}

	@Transactional
	public void save(Contact contact) {
		this.companies.save(contact);
	}

}
