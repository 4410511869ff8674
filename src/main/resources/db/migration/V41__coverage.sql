-- Coverage and cadence: how often each company should be visited. A company's own frequency wins; otherwise
-- its segment's (A, B, C) frequency from configuration applies.
create table company_cadence (
    company_id      bigint        not null primary key,
    segment         varchar(1),
    frequency_days  integer,
    updated_at      timestamp with time zone not null,
    updated_by      varchar(64)   not null
);

-- The dashboards and coverage read visits by period, region, rep, company and type.
create index visit_region_planned_idx on visit (region, planned_start);
create index visit_rep_planned_idx on visit (rep_id, planned_start);
create index visit_company_planned_idx on visit (company_id, planned_start);
create index visit_planned_type_idx on visit (planned_start, visit_type, stage);
