package ru.visitflow.company;

/**
 * Figures kept per company region (the dashboards' sales by region): told in the
 * transaction that saves a company to the mirror, so that they follow a company moved to
 * another region.
 */
public interface CompanyRegionFigures {

	void saved(long companyId, String region);

}
