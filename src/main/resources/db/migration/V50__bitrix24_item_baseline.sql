-- What Visitflow last wrote to (or saw on) each item, field by field: updates send only what differs
alter table bitrix24_sync_state add column item_fields varchar(4000);
-- Until when every change to the item is known (read in an event batch or right before a write)
alter table bitrix24_sync_state add column item_checked_at timestamp with time zone;
