/**
 * What the datacenter asks of a placement policy. Policies live in src/policies and
 * see hosts only through `HostView`; the datacenter tells the policy when a host's
 * free resources change so an indexed policy can keep its index current.
 */

/** Read-only view of a host, as placement policies see it. */
export interface HostView {
  readonly id: number;
  readonly cores: number;
  /** MIPS of one core. */
  readonly mips: number;
  /** False once the host has failed (or is switched off). */
  readonly available: boolean;
  /** MIPS still free for new VMs (time-shared: capacity x overcommit - reserved; space-shared: free cores x core MIPS). */
  readonly freeMips: number;
  /** Cores a new VM may still ask for (space-shared: free cores; time-shared: all cores). */
  readonly freeCores: number;
  /** MiB */
  readonly freeRam: number;
  /** Mbit/s */
  readonly freeBw: number;
  /** Disk bandwidth, Mbit/s. */
  readonly freeDiskBw: number;
  /** MiB */
  readonly freeStorage: number;
  readonly vmCount: number;
}

/** What a VM asks of a host. */
export interface VmRequest {
  readonly id: number;
  readonly vcpus: number;
  readonly mips: number;
  readonly ram: number;
  readonly bw: number;
  readonly diskBw: number;
  readonly image: number;
}

/** Whether `vm` fits on `host` now. The one definition every policy uses. */
export function fits(vm: VmRequest, host: HostView): boolean {
  return (
    host.available &&
    vm.mips <= host.mips &&
    vm.vcpus <= host.freeCores &&
    vm.vcpus * vm.mips <= host.freeMips &&
    vm.ram <= host.freeRam &&
    vm.bw <= host.freeBw &&
    vm.diskBw <= host.freeDiskBw &&
    vm.image <= host.freeStorage
  );
}

/** A placement policy bound to one datacenter's hosts. */
export interface Placer {
  /** Index of the host chosen for `vm`, or -1 when none fits. */
  select(vm: VmRequest): number;
  /** The free resources or availability of host `id` changed. */
  hostChanged(id: number): void;
  /** Reorders a batch of requests made at the same instant before they are placed (FFD sorts). */
  orderBatch?(batch: VmRequest[]): void;
}

export type PlacerFactory = (hosts: readonly HostView[]) => Placer;
