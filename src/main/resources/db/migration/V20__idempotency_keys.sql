-- Idempotency-Key of state-changing API calls: the first answer per user and key, kept for replays.
create table idempotency_key (
    user_id        varchar(64)  not null,
    idem_key       varchar(255) not null,
    fingerprint    varchar(64)  not null,
    status         integer      not null,
    content_type   varchar(255),
    response_body  bytea,
    created_at     timestamp with time zone not null,
    constraint idempotency_key_pk primary key (user_id, idem_key)
);

create index idempotency_key_created_idx on idempotency_key (created_at);
