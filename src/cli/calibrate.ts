/** `dcsim calibrate`: fit the platform profiles, print the fit, write the profile file. */
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { InputError } from '../errors.js';
import { calibrate, felterMeasurements, fitReport, profileFile, rusle2Measurements } from '../calibrate/calibrate.js';
import { loadScenario } from '../scenario/load.js';
import { dirname } from 'node:path';

const scenario = (name: string) => fileURLToPath(new URL(`../../scenarios/${name}`, import.meta.url));

export interface CalibrateFlags {
  out: string;
  reference: string;
  quiet: boolean;
}

export function calibrateCommand(flags: CalibrateFlags, out: (s: string) => void): void {
  for (const f of ['rusle2-hypervisors.csv', 'containers-vs-vms.csv']) {
    if (!existsSync(`${flags.reference}/${f}`)) {
      throw new InputError('E_NO_REFERENCE', `dcsim calibrate: ${flags.reference}/${f} not found (the published measurements; give their folder with --reference)`);
    }
  }
  const rusle2 = loadScenario(scenario('rusle2-hypervisors.yaml')).virtualization!;
  const felter = loadScenario(scenario('containers-vs-vms.yaml')).virtualization!;
  const result = calibrate([...rusle2Measurements(flags.reference, rusle2), ...felterMeasurements(flags.reference, felter)]);
  if (!flags.quiet) out(fitReport(result));
  // written whole, then renamed: an interrupted run leaves the old file
  mkdirSync(dirname(flags.out), { recursive: true });
  const part = `${flags.out}.${process.pid}.tmp`;
  writeFileSync(part, profileFile(result));
  renameSync(part, flags.out);
  if (!flags.quiet) out(`profiles: ${flags.out}\n`);
}
