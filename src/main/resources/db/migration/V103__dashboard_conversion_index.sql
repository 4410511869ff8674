-- A head's conversion and visited companies: the team's completed visits of the period from the index alone.
create index dash_completed_visit_rep_idx on dash_completed_visit (rep_id, on_day, company_id, days_to_sale);
