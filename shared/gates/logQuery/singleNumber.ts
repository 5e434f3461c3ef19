/**
 * The one number a gate's query must produce: one table, one row, one numeric column. Anything
 * else is a query that does not fit the gate (a configuration error), said in words that show
 * how to fix it.
 */
import type { LogsTable } from "@azure/monitor-query-logs";

const NUMERIC = new Set(["int", "long", "real", "decimal"]);

export type SingleNumber = { ok: true; column: string; value: number } | { ok: false; problem: string };

export function singleNumber(tables: LogsTable[]): SingleNumber {
  const fix = "end the query with a summarize producing one number, e.g. `| summarize failures = count()`";
  const [table] = tables;
  if (tables.length !== 1 || !table) return { ok: false, problem: `expected one result table, got ${tables.length}; ${fix}` };
  const [column] = table.columnDescriptors;
  if (table.columnDescriptors.length !== 1 || !column) {
    return { ok: false, problem: `expected one column, got ${table.columnDescriptors.length} (${table.columnDescriptors.map((c) => c.name).join(", ")}); ${fix}` };
  }
  if (!NUMERIC.has(column.type)) return { ok: false, problem: `expected a numeric column, got ${column.name} of type ${column.type}; ${fix}` };
  if (table.rows.length !== 1) return { ok: false, problem: `expected one row, got ${table.rows.length}; ${fix}` };
  const cell = table.rows[0]?.[0];
  // decimal values arrive as strings to keep their precision.
  const value = typeof cell === "number" ? cell : typeof cell === "string" && cell.trim() !== "" ? Number(cell) : Number.NaN;
  if (!Number.isFinite(value)) return { ok: false, problem: `expected a number in ${column.name}, got ${JSON.stringify(cell ?? null)}; wrap it in coalesce(..., 0) when the window may hold no data` };
  return { ok: true, column: column.name, value };
}
