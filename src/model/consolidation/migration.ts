/** Megabits in a mebibyte: migrations move RAM (MiB) over links rated in Mbit/s. */
export const MBIT_PER_MIB = 8.388608;

/**
 * CloudSim's migration time: the VM's RAM over half the destination's bandwidth
 * (the other half carries the VMs' own traffic). With RAM in CloudSim's "MB" written
 * as MB (decimal) in a scenario, this is CloudSim's RAM / 62.5 s on 1 Gbit/s.
 */
export function cloudsimMigrationSeconds(ramMiB: number, bwMbps: number): number {
  return (ramMiB * MBIT_PER_MIB) / (bwMbps / 2);
}
