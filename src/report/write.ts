import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { InputError } from '../errors.js';

/** Refuses to replace an existing report unless `force`; call before the work. */
export function checkReportPath(path: string, force: boolean): void {
  if (existsSync(path) && !force) {
    throw new InputError('E_OUTPUT_EXISTS', `${path} already exists; pass --force to overwrite it or --out to write elsewhere`);
  }
}

/** Written under a temporary name and renamed, so a reader never opens half a report. */
export function writeReport(path: string, html: string, force: boolean): void {
  checkReportPath(path, force);
  mkdirSync(dirname(path), { recursive: true });
  const part = `${path}.${process.pid}.tmp`;
  writeFileSync(part, html);
  renameSync(part, path);
}
