/**
 * Dashboards for heads of sales ({@code /dashboards}): by region, plan vs fact per rep
 * with the pace, types and shares, fact vs plan by week, sales from 1C beside the visits
 * with conversion; every table exported as CSV or XLSX. Also the read-only feed Power BI
 * reads ({@code /feed/*}), with a token per consumer. All numbers are SQL aggregates over
 * the visit indexes, computed when asked.
 */
package ru.visitflow.dashboard;
