-- Visits per month of their planned start (in the visit's own time zone), rep, region, type and stage: the whole
-- months of a long period come from here, its partial edge months from dash_visit_day. Kept by the same
-- transactions (VisitFigures).
create table dash_visit_month (
    on_month    date          not null,
    rep_id      varchar(64)   not null,
    region      varchar(100)  not null,
    visit_type  varchar(40)   not null,
    stage       varchar(20)   not null,
    visits      bigint        not null,
    constraint dash_visit_month_pk primary key (on_month, rep_id, region, visit_type, stage)
);

create index dash_visit_month_rep_idx on dash_visit_month (rep_id, on_month);

insert into dash_visit_month (on_month, rep_id, region, visit_type, stage, visits)
select m, rep_id, region, visit_type, stage, sum(visits)
from (select cast(to_char(on_day, 'YYYY-MM') || '-01' as date) m, rep_id, region, visit_type, stage, visits
      from dash_visit_day) x
group by m, rep_id, region, visit_type, stage;
