-- Summary tables behind the dashboards, kept up to date by the same transactions that write visits, stage
-- changes and check-ins (VisitFigures in the visit package, FieldCheckRepository), never by a nightly batch.
-- Days and months are those of the visit's own (the rep's) time zone. This migration creates them and fills
-- them from the rows already there.

-- Visits per day of their planned start, rep, region, type and current stage.
create table dash_visit_day (
    on_day      date          not null,
    rep_id      varchar(64)   not null,
    region      varchar(100)  not null,
    visit_type  varchar(40)   not null,
    stage       varchar(20)   not null,
    visits      bigint        not null,
    constraint dash_visit_day_pk primary key (on_day, rep_id, region, visit_type, stage)
);

create index dash_visit_day_rep_idx on dash_visit_day (rep_id, on_day);

insert into dash_visit_day (on_day, rep_id, region, visit_type, stage, visits)
select d, rep_id, region, visit_type, stage, count(*)
from (select cast(to_char(v.planned_start at time zone v.time_zone, 'YYYY-MM-DD') as date) d, v.rep_id,
        coalesce(v.region, '') region, v.visit_type, v.stage
      from visit v) x
group by d, rep_id, region, visit_type, stage;

-- Stays in a stage that have ended, per month of the visit's planned start, rep, region, type and stage, as a
-- histogram of fixed log-scale buckets (bucket 0 under a minute, bucket k from 60 s * 2^((k-1)/4)): count,
-- sum, and the smallest and largest stay seen in the bucket, so that medians and 90th percentiles come from
-- the histogram (exact when a bucket holds one value, otherwise within the bucket, about 19 % wide).
create table dash_stage_stay (
    stay_month  date          not null,
    rep_id      varchar(64)   not null,
    region      varchar(100)  not null,
    visit_type  varchar(40)   not null,
    stage       varchar(20)   not null,
    bucket      integer       not null,
    stays       bigint        not null,
    seconds     bigint        not null,
    min_seconds bigint        not null,
    max_seconds bigint        not null,
    constraint dash_stage_stay_pk primary key (stay_month, rep_id, region, visit_type, stage, bucket)
);

create index dash_stage_stay_rep_idx on dash_stage_stay (rep_id, stay_month);

insert into dash_stage_stay (stay_month, rep_id, region, visit_type, stage, bucket, stays, seconds, min_seconds,
  max_seconds)
select m, rep_id, region, visit_type, stage, bucket, count(*), sum(s), min(s), max(s)
from (select m, rep_id, region, visit_type, stage, s,
        case when s < 60 then 0 else 1 + cast(floor(4 * ln(s / 60.0) / ln(2) + 0.000000001) as integer) end bucket
      from (select cast(to_char(v.planned_start at time zone v.time_zone, 'YYYY-MM') || '-01' as date) m,
              v.rep_id, coalesce(v.region, '') region, v.visit_type, c.to_stage stage,
              case when c.next_at is null then null
                   when extract(epoch from c.next_at) < extract(epoch from c.changed_at) then 0
                   else cast(extract(epoch from c.next_at) - extract(epoch from c.changed_at) as bigint) end s
            from (select visit_id, to_stage, changed_at,
                    lead(changed_at) over (partition by visit_id order by id) next_at
                  from visit_stage_change) c
            join visit v on v.id = c.visit_id) y
      where s is not null) z
group by m, rep_id, region, visit_type, stage, bucket;

-- Check-ins per day (server time in the visit's time zone), rep, region, type, distance grade and whether the
-- check carries a forgery flag.
create table dash_check_day (
    on_day      date          not null,
    rep_id      varchar(64)   not null,
    region      varchar(100)  not null,
    visit_type  varchar(40)   not null,
    grade       varchar(30)   not null,
    flagged     integer       not null,
    checks      bigint        not null,
    constraint dash_check_day_pk primary key (on_day, rep_id, region, visit_type, grade, flagged)
);

create index dash_check_day_rep_idx on dash_check_day (rep_id, on_day);

insert into dash_check_day (on_day, rep_id, region, visit_type, grade, flagged, checks)
select d, rep_id, region, visit_type, grade, flagged, count(*)
from (select cast(to_char(f.server_time at time zone v.time_zone, 'YYYY-MM-DD') as date) d, f.rep_id,
        coalesce(v.region, '') region, v.visit_type, f.grade,
        case when f.flags is null or f.flags = '' then 0 else 1 end flagged
      from field_check f
      join visit v on v.id = f.visit_id
      where f.kind = 'CHECK_IN') x
group by d, rep_id, region, visit_type, grade, flagged;

-- The visits behind a check-in number, and conversion lookups: completed visits of a company by date.
create index field_check_kind_rep_idx on field_check (kind, rep_id, server_time);
create index visit_company_stage_start_idx on visit (company_id, stage, planned_start);
