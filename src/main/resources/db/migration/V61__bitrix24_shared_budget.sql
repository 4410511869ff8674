-- The Bitrix24 portal's request budget, shared by every node: the instant the portal's leaky bucket would be
-- empty, per portal (host), and the methods the portal blocked (operating limit) until a given instant.
create table bitrix24_budget (
    portal      varchar(200)  not null primary key,
    drained_at  timestamp(6) with time zone not null
);

create table bitrix24_pause (
    portal        varchar(200)  not null,
    method        varchar(200)  not null,
    paused_until  timestamp with time zone not null,
    constraint bitrix24_pause_pk primary key (portal, method)
);
