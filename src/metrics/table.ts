/** A CSV table as plain data: column names (with units) and rows in column order. */
export type Cell = string | number;
export interface Table {
  columns: readonly string[];
  rows: Cell[][];
}

/** NaN (a time that never came) is written as an empty cell. */
export function cell(x: number): Cell {
  return Number.isNaN(x) ? '' : x;
}
