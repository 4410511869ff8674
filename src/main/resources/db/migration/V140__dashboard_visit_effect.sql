-- The estimate of the visits' effect on the dashboards (sales of a visited company in the window after a
-- completed visit against the same company's window before it, beside the unvisited companies of the region):
-- each completed visit keeps its company's sales in the conversion window before its day ([day - N, day)) and
-- after it ((day, day + N]), for the window kept in dash_conversion_window, and the monthly conversion rows keep
-- their sums. Kept by ConversionFigures in the transactions that complete visits and import sales; a window
-- changed in the settings is refilled at start.
alter table dash_completed_visit add column sales_before_cents bigint default 0 not null;
alter table dash_completed_visit add column sales_after_cents bigint default 0 not null;
alter table dash_conversion_month add column sales_before_cents bigint default 0 not null;
alter table dash_conversion_month add column sales_after_cents bigint default 0 not null;

update dash_completed_visit set
  sales_before_cents = coalesce((select sum(cast(s.amount * 100 as bigint)) from sales_document s
    where s.company_id = dash_completed_visit.company_id
      and s.document_date < dash_completed_visit.on_day
      and extract(epoch from cast(dash_completed_visit.on_day as timestamp))
        - extract(epoch from cast(s.document_date as timestamp))
        <= 86400 * (select max(w.window_days) from dash_conversion_window w)), 0),
  sales_after_cents = coalesce((select sum(cast(s.amount * 100 as bigint)) from sales_document s
    where s.company_id = dash_completed_visit.company_id
      and s.document_date > dash_completed_visit.on_day
      and extract(epoch from cast(s.document_date as timestamp))
        - extract(epoch from cast(dash_completed_visit.on_day as timestamp))
        <= 86400 * (select max(w.window_days) from dash_conversion_window w)), 0);

delete from dash_conversion_month;

insert into dash_conversion_month (window_days, on_month, rep_id, region, visit_type, visits, converted,
  sales_before_cents, sales_after_cents)
select w.window_days, m, rep_id, region, visit_type, count(*),
  sum(case when days_to_sale is not null and days_to_sale <= w.window_days then 1 else 0 end),
  sum(sales_before_cents), sum(sales_after_cents)
from (select cast(to_char(on_day, 'YYYY-MM') || '-01' as date) m, rep_id, region, visit_type, days_to_sale,
        sales_before_cents, sales_after_cents
      from dash_completed_visit) x
cross join dash_conversion_window w
group by w.window_days, m, rep_id, region, visit_type;
