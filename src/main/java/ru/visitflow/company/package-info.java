/**
 * Client companies and contacts: Visitflow's mirror of the CRM's cards (filled by the
 * Bitrix24 integration), the {@code /api/companies} and {@code /api/contacts} endpoints,
 * the port through which card edits reach the CRM
 * ({@link ru.visitflow.company.CompanyCardEditor}) and location proposals for the map.
 */
package ru.visitflow.company;
