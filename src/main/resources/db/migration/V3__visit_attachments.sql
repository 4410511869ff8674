-- Results in any format: photos, video, voice messages, documents attached to a visit while it is open.
-- They go to Bitrix24 with the result, on the item's timeline.
create table visit_attachment (
    id            uuid          not null primary key,
    visit_id      uuid          not null references visit (id),
    file_name     varchar(255)  not null,
    content_type  varchar(100)  not null,
    size_bytes    bigint        not null,
    content       bytea         not null,
    created_at    timestamp with time zone not null,
    created_by    varchar(64)   not null
);

create index visit_attachment_visit_idx on visit_attachment (visit_id, created_at);
