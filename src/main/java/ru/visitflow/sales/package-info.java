/**
 * Sales from 1C beside the visits: sales documents (company by INN or Bitrix24 id, date,
 * amount, document number) imported from a CSV or XLSX upload or posted by 1C on a
 * schedule, idempotent by document number and taken whole or not at all.
 */
package ru.visitflow.sales;
