-- Every version of a guarded process model (VisitLifecycle, VisitPlan) Visitflow has seen, where it came from
-- (the application's packaged model or a designer's deploy from Camunda Modeler), who deployed it, and the
-- version it replaced as the latest: so a packaged model that replaces a designer's newer one on restart
-- (or the other way round) is on record.
create table model_deployment (
    definition_id          varchar(64)   not null primary key,
    process_key            varchar(255)  not null,
    version                integer       not null,
    deployment_id          varchar(64)   not null,
    deployment_name        varchar(255),
    deployment_source      varchar(255),
    origin                 varchar(16)   not null,
    deployed_by            varchar(255),
    deployed_at            timestamp with time zone not null,
    replaced_definition_id varchar(64),
    replaced_version       integer,
    replaced_origin        varchar(16),
    recorded_at            timestamp with time zone not null
);

create index model_deployment_key_idx on model_deployment (process_key, version);
