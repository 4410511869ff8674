-- Sales documents imported from 1C (a file upload or 1C posting on a schedule), one row per document number:
-- a document seen again replaces nothing and is counted as already known. Companies are found by their
-- Bitrix24 id or their INN (company_inn, kept from 1C and Bitrix24 requisites).
create table company_inn (
    inn         varchar(12)   not null primary key,
    company_id  bigint        not null
);

create index company_inn_company_idx on company_inn (company_id);

create table sales_import (
    id          uuid          not null primary key,
    source      varchar(20)   not null,
    file_name   varchar(255),
    rows_total  integer       not null,
    rows_new    integer       not null,
    imported_at timestamp with time zone not null,
    imported_by varchar(64)   not null
);

create table sales_document (
    document_number varchar(64)   not null primary key,
    company_id      bigint        not null,
    inn             varchar(12),
    document_date   date          not null,
    amount          decimal(15, 2) not null,
    import_id       uuid          not null references sales_import (id),
    imported_at     timestamp with time zone not null
);

create index sales_document_company_date_idx on sales_document (company_id, document_date);
create index sales_document_date_idx on sales_document (document_date);
