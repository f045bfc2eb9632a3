import { readFileSync } from 'node:fs';

let cached: string | undefined;

/** dcsim's version from package.json (two folders up from both src/batch and dist/batch). */
export function dcsimVersion(): string {
  cached ??= (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  return cached;
}
