-- Summaries behind the dashboards' sales tables (conversion per rep, sales of visited vs unvisited companies by
-- region), kept by the same transactions that complete, reschedule or cancel visits and that import sales
-- (ConversionFigures in the visit package), never by a nightly batch. This migration creates and fills them from
-- the rows already there (dash_completed_visit, sales_document).

-- The conversion windows (days from a visit to a sale) the monthly conversion rows are kept for: the configured
-- visitflow.dashboard.conversion-days (30 by default, filled here); another configured window is filled at start.
create table dash_conversion_window (
    window_days integer       not null primary key
);

-- Completed visits per month of their planned day (in the visit's own time zone), rep, region and type, and how
-- many of them were followed by a sale of their company within the window.
create table dash_conversion_month (
    window_days integer       not null,
    on_month    date          not null,
    rep_id      varchar(64)   not null,
    region      varchar(100)  not null,
    visit_type  varchar(40)   not null,
    visits      bigint        not null,
    converted   bigint        not null,
    constraint dash_conversion_month_pk primary key (window_days, on_month, rep_id, region, visit_type)
);

create index dash_conversion_month_rep_idx on dash_conversion_month (rep_id, on_month);

-- Each sale beside the completed visits of its company (its region the company's), with the day of the company's
-- sale before it (so that a period's first sale of each company counts the company once) and the days of its
-- last completed visit on or before the sale and its first on or after it: whether the company was visited in
-- a period that holds the sale, without a join.
create table dash_sale (
    document_number varchar(64)    not null primary key,
    company_id      bigint         not null,
    region          varchar(100)   not null,
    on_day          date           not null,
    amount          decimal(15, 2) not null,
    prev_sale_day   date,
    prev_visit_day  date,
    next_visit_day  date
);

create index dash_sale_day_idx on dash_sale (on_day);
create index dash_sale_company_idx on dash_sale (company_id);

-- The same per rep who completed a visit to the company, with that rep's visits around the sale.
create table dash_sale_rep (
    document_number varchar(64)    not null,
    rep_id          varchar(64)    not null,
    company_id      bigint         not null,
    region          varchar(100)   not null,
    on_day          date           not null,
    amount          decimal(15, 2) not null,
    prev_sale_day   date,
    prev_visit_day  date,
    next_visit_day  date,
    constraint dash_sale_rep_pk primary key (document_number, rep_id)
);

create index dash_sale_rep_day_idx on dash_sale_rep (on_day, rep_id);
create index dash_sale_rep_rep_idx on dash_sale_rep (rep_id, on_day);
create index dash_sale_rep_company_idx on dash_sale_rep (company_id);

-- Both summed per month of the sale and the months of those days (1000-01-01 for none before, 9999-12-01 for
-- none after), amounts in kopecks: a period of whole months reads these instead of every sale.
create table dash_sale_month (
    region           varchar(100)  not null,
    on_month         date          not null,
    prev_visit_month date          not null,
    next_visit_month date          not null,
    prev_sale_month  date          not null,
    amount_cents     bigint        not null,
    sales            bigint        not null,
    constraint dash_sale_month_pk primary key (on_month, region, prev_visit_month, next_visit_month, prev_sale_month)
);

create table dash_sale_rep_month (
    rep_id           varchar(64)   not null,
    on_month         date          not null,
    prev_visit_month date          not null,
    next_visit_month date          not null,
    amount_cents     bigint        not null,
    sales            bigint        not null,
    constraint dash_sale_rep_month_pk primary key (rep_id, on_month, prev_visit_month, next_visit_month)
);

create index dash_sale_rep_month_month_idx on dash_sale_rep_month (on_month);

-- One row per company whose sales figures a transaction rewrites: taken first, so that an import and a visit
-- completion for the same company wait for each other instead of writing the same rows at once.
-- The visits of a rep's company up to a day: the conversion table's look-up for a sale after the period.
create index dash_completed_visit_company_rep_idx on dash_completed_visit (company_id, rep_id, on_day);

create table dash_sales_company (
    company_id  bigint        not null primary key,
    refreshes   bigint        not null
);

insert into dash_conversion_window (window_days) values (30);

insert into dash_conversion_month (window_days, on_month, rep_id, region, visit_type, visits, converted)
select 30, m, rep_id, region, visit_type, count(*),
  sum(case when days_to_sale is not null and days_to_sale <= 30 then 1 else 0 end)
from (select cast(to_char(on_day, 'YYYY-MM') || '-01' as date) m, rep_id, region, visit_type, days_to_sale
      from dash_completed_visit) x
group by m, rep_id, region, visit_type;

insert into dash_sale (document_number, company_id, region, on_day, amount, prev_sale_day, prev_visit_day,
  next_visit_day)
select s.document_number, s.company_id, coalesce(c.region, ''), s.document_date, s.amount,
  (select max(p.document_date) from sales_document p where p.company_id = s.company_id
     and (p.document_date < s.document_date
       or (p.document_date = s.document_date and p.document_number < s.document_number))),
  (select max(v.on_day) from dash_completed_visit v where v.company_id = s.company_id and v.on_day <= s.document_date),
  (select min(v.on_day) from dash_completed_visit v where v.company_id = s.company_id and v.on_day >= s.document_date)
from sales_document s
left join company c on c.id = s.company_id;

insert into dash_sale_rep (document_number, rep_id, company_id, region, on_day, amount, prev_sale_day,
  prev_visit_day, next_visit_day)
select s.document_number, r.rep_id, s.company_id, s.region, s.on_day, s.amount, s.prev_sale_day,
  (select max(v.on_day) from dash_completed_visit v
   where v.company_id = s.company_id and v.rep_id = r.rep_id and v.on_day <= s.on_day),
  (select min(v.on_day) from dash_completed_visit v
   where v.company_id = s.company_id and v.rep_id = r.rep_id and v.on_day >= s.on_day)
from dash_sale s
join (select distinct company_id, rep_id from dash_completed_visit) r on r.company_id = s.company_id;

insert into dash_sale_month (region, on_month, prev_visit_month, next_visit_month, prev_sale_month, amount_cents,
  sales)
select region, m, pv, nv, ps, sum(cents), count(*)
from (select region, cast(to_char(on_day, 'YYYY-MM') || '-01' as date) m,
        coalesce(cast(to_char(prev_visit_day, 'YYYY-MM') || '-01' as date), date '1000-01-01') pv,
        coalesce(cast(to_char(next_visit_day, 'YYYY-MM') || '-01' as date), date '9999-12-01') nv,
        coalesce(cast(to_char(prev_sale_day, 'YYYY-MM') || '-01' as date), date '1000-01-01') ps,
        cast(amount * 100 as bigint) cents
      from dash_sale) x
group by region, m, pv, nv, ps;

insert into dash_sale_rep_month (rep_id, on_month, prev_visit_month, next_visit_month, amount_cents, sales)
select rep_id, m, pv, nv, sum(cents), count(*)
from (select rep_id, cast(to_char(on_day, 'YYYY-MM') || '-01' as date) m,
        coalesce(cast(to_char(prev_visit_day, 'YYYY-MM') || '-01' as date), date '1000-01-01') pv,
        coalesce(cast(to_char(next_visit_day, 'YYYY-MM') || '-01' as date), date '9999-12-01') nv,
        cast(amount * 100 as bigint) cents
      from dash_sale_rep) x
group by rep_id, m, pv, nv;
