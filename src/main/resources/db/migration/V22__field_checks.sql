-- Check-ins and check-outs of the field app, with what the phone measured and how it was judged.
create table field_check (
    id                 uuid          not null primary key,
    visit_id           uuid          not null references visit (id),
    kind               varchar(20)   not null,
    rep_id             varchar(64)   not null,
    company_id         bigint        not null,
    latitude           double precision,
    longitude          double precision,
    accuracy_m         double precision,
    position_time      timestamp with time zone,
    device_time        timestamp with time zone,
    server_time        timestamp with time zone not null,
    distance_m         double precision,
    grade              varchar(30)   not null,
    flags              varchar(200),
    location_proposed  boolean       not null,
    error              varchar(40),
    constraint field_check_visit_kind_uq unique (visit_id, kind)
);

create index field_check_rep_idx on field_check (rep_id, server_time);
create index field_check_company_idx on field_check (company_id);

-- A monthly target of completed visits per rep, set by a supervisor or an administrator until full plans exist.
create table field_target (
    rep_id      varchar(64)  not null,
    target_month varchar(7)  not null,
    visits      integer      not null,
    set_by      varchar(64)  not null,
    constraint field_target_pk primary key (rep_id, target_month)
);

-- Remember-me logins ("a rep logs in once a week"): Spring Security's persistent token table.
create table persistent_logins (
    username   varchar(64)  not null,
    series     varchar(64)  not null primary key,
    token      varchar(64)  not null,
    last_used  timestamp    not null
);
