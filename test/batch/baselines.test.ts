/**
 * CI's regression check: every shipped scenario (the large ones reduced, see
 * src/batch/shipped.ts) against its committed baseline, baselines/<name>.csv. A
 * change that moves any summary metric fails here until the baseline is deliberately
 * re-recorded with `npx dcsim baseline --shipped` (see the README).
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkResults, loadResultTable, movedTable } from '../../src/batch/check.js';
import { shippedScenarios, shippedSummary } from '../../src/batch/shipped.js';

const SHARED = '../shared/data/planetlab';
const needsShared = (file: string) => file.includes('planetlab-');
const shared = existsSync(SHARED);
if (!shared) console.warn(`skipping the baselines of the PlanetLab scenarios: ${SHARED} is absent (../shared is not part of a clone)`);

describe('shipped scenarios against their committed baselines', { timeout: 60_000 }, () => {
  const files = shippedScenarios();

  it('every shipped scenario has a baseline', () => {
    expect(files.length).toBeGreaterThanOrEqual(20);
    for (const f of files) expect(existsSync(join('baselines', `${f.split('/').pop()!.replace(/\.yaml$/, '')}.csv`)), f).toBe(true);
  });

  for (const file of files) {
    it.skipIf(needsShared(file) && !shared)(file, () => {
      const { name, csv } = shippedSummary(file);
      const dir = mkdtempSync(join(tmpdir(), 'dcsim-baseline-'));
      writeFileSync(join(dir, 'summary.csv'), csv);
      const report = checkResults(loadResultTable(dir), loadResultTable(join('baselines', `${name}.csv`)));
      expect(report.findings.length).toBeGreaterThan(10);
      const moved = movedTable(report);
      expect(moved, `${file} moved from baselines/${name}.csv; if intended, re-record with: npx dcsim baseline --shipped\n${moved}`).toBe('');
    });
  }
});
