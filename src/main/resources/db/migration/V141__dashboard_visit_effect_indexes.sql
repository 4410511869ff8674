-- The effect estimate's reads without the table rows (index-only on PostgreSQL): completed visits per day and
-- region (with rep and type for the filters, and the company for "no visit in the extended period"), and the
-- control companies' sales per day and region.
create index dash_completed_visit_effect_idx on dash_completed_visit (on_day, region, rep_id, visit_type, company_id);
create index dash_sale_effect_idx on dash_sale (on_day, region, prev_visit_day, next_visit_day, amount);
