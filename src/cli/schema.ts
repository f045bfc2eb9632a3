import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { scenarioJsonSchemaText } from '../scenario/json-schema.js';

/** `dcsim schema [--out FILE]`: the scenario JSON Schema, printed or written to FILE. */
export function schemaCommand(out: string | undefined, print: (s: string) => void): number {
  const text = scenarioJsonSchemaText();
  if (out === undefined) {
    print(text);
    return 0;
  }
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, text);
  return 0;
}
