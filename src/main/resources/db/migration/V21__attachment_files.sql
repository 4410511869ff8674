-- Result files are kept in a directory (visitflow.attachments.directory); rows keep where. Files stored
-- in the row before this change keep their content there and are still served.
alter table visit_attachment add column storage_path varchar(500);
alter table visit_attachment alter column content drop not null;
