-- The company card fields Visitflow reads from and writes to Bitrix24, kept in the company mirror: the INN from
-- the company's requisite, the opening hours, decision maker and products of interest from the configured
-- company user fields, and the further configured fields as a JSON object {"UF_CRM_…": "value"}.
alter table company add column inn varchar(20);
alter table company add column opening_hours varchar(500);
alter table company add column decision_maker varchar(500);
alter table company add column products_of_interest varchar(2000);
alter table company add column extra_fields varchar(8000);
-- Opening hours entered in Visitflow and not yet written to the Bitrix24 field: the company sync keeps them
-- until the write-back succeeds (its last error, if any, is kept too).
alter table company add column opening_hours_pending boolean default false not null;
alter table company add column opening_hours_error varchar(500);

create index company_inn_idx on company (inn);

-- The card is the source of truth for opening hours: what Visitflow kept in its own table moves into the
-- mirror, marked pending so that it reaches the Bitrix24 field, and the table goes.
update company set opening_hours = (select h.hours_text from company_opening_hours h where h.company_id = company.id),
  opening_hours_pending = true
where exists (select 1 from company_opening_hours h where h.company_id = company.id);

drop table company_opening_hours;
