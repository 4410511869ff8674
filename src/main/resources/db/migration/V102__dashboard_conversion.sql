-- Completed visits with the days from the visit to its company's next sale from 1C, for conversion and "sales
-- of visited companies" on the dashboards: written when a visit is completed (VisitFigures) and updated when a
-- sale is imported (SalesService), so the conversion window (visitflow.dashboard.conversion-days) stays a
-- setting read at query time. The day is the visit's planned day in its own (the rep's) time zone.
create table dash_completed_visit (
    visit_id      uuid          not null primary key,
    on_day        date          not null,
    rep_id        varchar(64)   not null,
    region        varchar(100)  not null,
    visit_type    varchar(40)   not null,
    company_id    bigint        not null,
    days_to_sale  integer
);

create index dash_completed_visit_day_idx on dash_completed_visit (on_day, rep_id);
create index dash_completed_visit_company_idx on dash_completed_visit (company_id, on_day);

insert into dash_completed_visit (visit_id, on_day, rep_id, region, visit_type, company_id, days_to_sale)
select id, d, rep_id, region, visit_type, company_id,
  (select cast((extract(epoch from cast(min(s.document_date) as timestamp)) - extract(epoch from cast(x.d as timestamp)))
     / 86400 as integer)
   from sales_document s where s.company_id = x.company_id and s.document_date >= x.d)
from (select v.id, cast(to_char(v.planned_start at time zone v.time_zone, 'YYYY-MM-DD') as date) d, v.rep_id,
        coalesce(v.region, '') region, v.visit_type, v.company_id
      from visit v where v.stage = 'COMPLETED') x;
