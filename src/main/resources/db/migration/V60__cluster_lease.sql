-- Several Visitflow nodes on one database: a lease names the one node that does a piece of scheduled work
-- (reconciliation, the first company import) or owns a shared resource until expires_at; the holder renews it,
-- another node takes it once it has expired.
create table cluster_lease (
    name        varchar(100)  not null primary key,
    owner       varchar(100)  not null,
    acquired_at timestamp with time zone not null,
    expires_at  timestamp with time zone not null
);
