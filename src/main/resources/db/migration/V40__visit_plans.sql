-- Plans of visits for a period (a month by default) and a scope (one rep, a supervisor's team or a region),
-- the visit requests formed for them, and what the pace check found. Written by the plan process's steps in
-- the engine's transaction, like the visit read model.

create table visit_plan (
    id                  uuid          not null primary key,
    process_instance_id varchar(64),
    supervisor_id       varchar(64)   not null,
    scope               varchar(10)   not null,
    rep_id              varchar(64),
    region              varchar(100),
    period_start        date          not null,
    period_end          date          not null,
    time_zone           varchar(64)   not null,
    target              integer       not null,
    formed_by           varchar(10)   not null,
    status              varchar(20)   not null,
    review_comment      varchar(2000),
    pace_checked_at     timestamp with time zone,
    pace_done           integer,
    pace_expected       integer,
    pace_behind         boolean,
    catch_up_note       varchar(2000),
    created_at          timestamp with time zone not null,
    created_by          varchar(64)   not null,
    closed_at           timestamp with time zone,
    final_done          integer
);

create index visit_plan_supervisor_idx on visit_plan (supervisor_id, period_start);
create index visit_plan_rep_idx on visit_plan (rep_id, period_start);
create index visit_plan_period_idx on visit_plan (period_start, period_end);

-- An optional mix: how many of the target are of each visit type.
create table visit_plan_mix (
    plan_id     uuid          not null references visit_plan (id),
    visit_type  varchar(40)   not null,
    target      integer       not null,
    primary key (plan_id, visit_type)
);

create table visit_plan_request (
    id              uuid          not null primary key,
    plan_id         uuid          not null references visit_plan (id),
    company_id      bigint        not null,
    company_title   varchar(255),
    rep_id          varchar(64)   not null,
    visit_type      varchar(40)   not null,
    planned_start   timestamp with time zone not null,
    purpose         varchar(2000),
    region          varchar(100),
    status          varchar(20)   not null,
    review_comment  varchar(2000),
    visit_id        uuid          references visit (id),
    created_at      timestamp with time zone not null,
    created_by      varchar(64)   not null,
    decided_at      timestamp with time zone
);

create index visit_plan_request_plan_idx on visit_plan_request (plan_id, status);
create index visit_plan_request_visit_idx on visit_plan_request (visit_id);
