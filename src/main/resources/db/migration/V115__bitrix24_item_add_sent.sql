-- When Visitflow last sent crm.item.add for a visit whose item it does not know yet: only such a visit can have an
-- item whose answer was lost (found by xmlId before adding again); a visit never sent needs no look-up.
alter table bitrix24_sync_state add column item_add_sent_at timestamp with time zone;
-- rows from before this column: an add may have gone out, so they are looked up once as before
update bitrix24_sync_state set item_add_sent_at = updated_at where item_id is null;
