/**
 * What hosts share: how much of a migrating VM's MIPS its source and destination hold
 * (CloudSim's fixed shares, or the pre-copy model's), and profile numbers.
 */
import type { PowerFn } from '../power.js';

/** How a host treats the MIPS of VMs migrating in and out. */
export interface MigrationShares {
  /** Share of its request a VM migrating in reserves on the destination. */
  readonly in: number;
  /** 1 - in, as the literal CloudSim uses (PABFD counts a VM migrating in at full size). */
  readonly inRest: number;
  /** Share of its request a VM migrating out still gets on the source. */
  readonly out: number;
  /** Whether the destination's utilization and requested MIPS count a VM migrating in. */
  readonly countIncoming: boolean;
}

/** CloudSim: the destination reserves and uses 10%, the VM keeps 90% on its source. */
export const CLOUDSIM_SHARES: MigrationShares = { in: 0.1, inRest: 0.9, out: 0.9, countIncoming: true };
/**
 * Pre-copy (dcsim): the destination reserves the VM's whole request (it must be able to
 * run it at the switch) but runs nothing of it before; the VM runs at full speed on its
 * source, except while paused for the final stop-and-copy.
 */
export const PRECOPY_SHARES: MigrationShares = { in: 1, inRest: 0, out: 1, countIncoming: false };

const profiles = new WeakMap<PowerFn, Map<string, number>>();
let nextProfile = 0;

/** A number shared by the hosts with this power function and these capacities (`key`). */
export function profileNumber(power: PowerFn, key: string): number {
  let byKey = profiles.get(power);
  if (!byKey) profiles.set(power, (byKey = new Map()));
  let id = byKey.get(key);
  if (id === undefined) byKey.set(key, (id = nextProfile++));
  return id;
}
