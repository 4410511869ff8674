-- Reporting views for Power BI and other readers: stable column names over Visitflow's tables. On PostgreSQL a
-- read-only role may be given SELECT on these views alone (see README, "Power BI"); the HTTP feed reads them too.

create view report_visits as
select v.id as visit_id, v.rep_id, v.company_id, v.company_title, v.region, v.visit_type, v.origin, v.stage,
       v.planned_start, v.duration_minutes, v.time_zone, v.outcome, v.created_at, v.closed_at,
       v.previous_visit_id, r.plan_id
from visit v
left join visit_plan_request r on r.visit_id = v.id;

create view report_stage_changes as
select c.id as change_id, c.visit_id, v.rep_id, v.region, c.from_stage, c.to_stage, c.changed_at as entered_at,
       lead(c.changed_at) over (partition by c.visit_id order by c.id) as left_at, c.changed_by
from visit_stage_change c
join visit v on v.id = c.visit_id;

create view report_plans as
select p.id as plan_id, p.supervisor_id, p.scope, p.rep_id, p.region, p.period_start, p.period_end, p.time_zone,
       p.target, p.formed_by, p.status, p.pace_checked_at, p.pace_done, p.pace_expected, p.pace_behind,
       p.final_done, p.created_at, p.closed_at,
       (select count(*) from visit_plan_request r where r.plan_id = p.id and r.status = 'APPROVED') as approved_requests,
       (select count(*) from visit_plan_request r where r.plan_id = p.id and r.status in ('DRAFT', 'SUBMITTED', 'RETURNED'))
         as pending_requests
from visit_plan p;

create view report_sales as
select s.document_number, s.company_id, s.inn, c.region, s.document_date, s.amount, s.imported_at
from sales_document s
left join company c on c.id = s.company_id;
