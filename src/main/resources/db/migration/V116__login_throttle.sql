-- Wrong passwords counted for the whole cluster: one row per client address and user ("u|…") and per client
-- address ("c|…"), so every node sees the same failures and locks. Rows with no lock running and no failure
-- within the window are deleted by a periodic clean-up.
create table login_throttle (
    throttle_key  varchar(400)  not null primary key,
    failures      integer       not null,
    locks         integer       not null,
    last_failure  timestamp with time zone,
    locked_until  timestamp with time zone
);

create index login_throttle_last_failure_idx on login_throttle (last_failure);
