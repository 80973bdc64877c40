import { z } from 'zod';
import { SeedPolicy } from './pdp-seed';
import { listUniqueBy } from './unique-list';

/** Column types of a Domo dataset schema the local service models. */
export const DatasetColumnType = z.enum(['STRING', 'LONG', 'DOUBLE', 'DATE', 'DATETIME']);
export type DatasetColumnType = z.infer<typeof DatasetColumnType>;

export const SeedDatasetColumn = z.strictObject({
  name: z.string().refine((s) => s.trim() !== '', 'must not be blank'),
  type: DatasetColumnType,
});
export type SeedDatasetColumn = z.infer<typeof SeedDatasetColumn>;

/** A cell as Domo's APIs carry it: text, a number, or null for no value. */
export const SeedDatasetCell = z.union([z.string(), z.number(), z.null()]);
export type SeedDatasetCell = z.infer<typeof SeedDatasetCell>;

/** Bad cells reported per dataset; a wrong column type can fail every row, and the first few show the pattern. */
const MAX_CELL_ISSUES = 20;

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATETIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?$/;

/** What a non-null cell of each type must be, for the issue message. */
const CELL_RULES: Record<DatasetColumnType, { ok: (v: string | number) => boolean; expected: string }> = {
  STRING: { ok: (v) => typeof v === 'string', expected: 'a string' },
  LONG: { ok: (v) => typeof v === 'number' && Number.isSafeInteger(v), expected: 'a whole number' },
  DOUBLE: { ok: (v) => typeof v === 'number' && Number.isFinite(v), expected: 'a number' },
  DATE: { ok: (v) => typeof v === 'string' && DATE.test(v), expected: 'a date as YYYY-MM-DD' },
  DATETIME: { ok: (v) => typeof v === 'string' && DATETIME.test(v), expected: 'a date-time such as 2024-06-03T09:30:00Z' },
};

/**
 * A Domo dataset (DataSet): schema and rows, which the public API exports as CSV and the query API
 * answers SQL over. Rows are arrays in column order; null is an empty cell.
 */
export const SeedDataset = z
  .strictObject({
    /** Domo dataset ids are UUIDs; any letters, digits and dashes are accepted here. */
    id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9-]*$/, 'must be letters, digits and dashes, like a UUID'),
    name: z.string().refine((s) => s.trim() !== '', 'must not be blank'),
    columns: z.array(SeedDatasetColumn).min(1),
    /** @default [] */
    rows: z.array(z.array(SeedDatasetCell)).default([]),
    /**
     * Personalized Data Permissions on: the dataset has the system "All Rows" policy (added when
     * `policies` has none) and takes policies through the public API. @default false
     */
    pdpEnabled: z.boolean().optional(),
    /** PDP policies; only with `pdpEnabled`. Ids are unique across the instance. @default - the All Rows policy when PDP is enabled */
    policies: z.array(SeedPolicy).optional(),
  })
  .superRefine((ds, ctx) => {
    const names = new Set<string>();
    ds.columns.forEach((c, i) => {
      if (names.has(c.name)) ctx.addIssue({ code: 'custom', path: ['columns', i, 'name'], message: `duplicate column "${c.name}"` });
      names.add(c.name);
    });
    let issues = 0;
    const report = (path: (string | number)[], message: string) => {
      if (issues++ < MAX_CELL_ISSUES) ctx.addIssue({ code: 'custom', path, message });
    };
    ds.rows.forEach((row, i) => {
      if (row.length !== ds.columns.length) {
        report(['rows', i], `has ${row.length} cells; expected ${ds.columns.length}, one per column`);
        return;
      }
      row.forEach((cell, j) => {
        const column = ds.columns[j]!;
        const rule = CELL_RULES[column.type];
        if (cell !== null && !rule.ok(cell))
          report(
            ['rows', i, j],
            `column "${column.name}" is ${column.type}: expected ${rule.expected} or null, got ${JSON.stringify(cell)}`,
          );
      });
    });
    if (issues > MAX_CELL_ISSUES)
      ctx.addIssue({ code: 'custom', path: ['rows'], message: `and ${issues - MAX_CELL_ISSUES} more bad rows or cells` });
  });
export type SeedDataset = z.infer<typeof SeedDataset>;
export type SeedDatasetInput = z.input<typeof SeedDataset>;

/** The seed's datasets: ids unique. */
export const SeedDatasetList = listUniqueBy(SeedDataset, 'id');
