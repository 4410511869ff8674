-- A plan cancelled by a supervisor before its period ended: why, by whom (closed_at keeps when).
alter table visit_plan add column cancel_reason varchar(2000);
alter table visit_plan add column cancelled_by varchar(64);
