-- A sync row is claimed with a lease instead of a row lock, so no database transaction stays open while Bitrix24
-- is called: the claim and the write-back are short statements of their own. Only the holder of a live lease
-- writes back, and only a state at least as new as the one recorded.
alter table bitrix24_sync_state add column lease_owner varchar(64);
alter table bitrix24_sync_state add column lease_until timestamp with time zone;
