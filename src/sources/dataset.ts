/**
 * A table of string cells, whatever it was read from (a CSV file now, a Domo dataset later), so
 * the model layer never depends on the source format.
 */

/** One data record with where it came from, so errors can point at the exact row and line. */
export interface DatasetRow {
  /** 1-based data row; the header is not counted. */
  readonly row: number;
  /** 1-based physical line where the record starts (a quoted field can span several lines). */
  readonly line: number;
  /** Cell text by column name, exactly as read (not trimmed). Every column has an entry. */
  readonly values: Readonly<Record<string, string>>;
}

export interface Dataset {
  /** The file path as given, or `dataset:<id>`; used in every error message. */
  readonly source: string;
  /** Column names in file order: trimmed, non-empty and unique. */
  readonly columns: readonly string[];
  readonly rows: readonly DatasetRow[];
}
