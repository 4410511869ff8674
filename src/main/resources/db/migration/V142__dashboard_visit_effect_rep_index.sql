-- The effect estimate's completed visits per day and region for a supervisor's or a rep's view (some reps over
-- a period), read from the index alone on PostgreSQL.
create index dash_completed_visit_effect_rep_idx on dash_completed_visit (rep_id, on_day, region, visit_type);
