/**
 * A host as the provisioning scheduler sees it: capacities, what admitted instances
 * reserve, and the images it holds in its cache. The placement policies read it
 * through HostView, as they read the core datacenter's hosts.
 */
import type { HostView, VmRequest } from '../placement.js';
import type { HostSpec } from '../specs.js';

export class ProvisionHost implements HostView {
  readonly cores: number;
  readonly mips: number;
  readonly available = true;
  private readonly spaceShared: boolean;
  reservedMips = 0;
  reservedCores = 0;
  ramUsed = 0;
  bwUsed = 0;
  diskBwUsed = 0;
  storageUsed = 0;
  vmCount = 0;
  /** The toolstack is busy until then (it starts one instance at a time), s. */
  toolstackFree = 0;
  /** Images in its cache. */
  readonly cached = new Set<string>();
  /** Images on their way to its cache -> the requests waiting for them. */
  readonly fetching = new Map<string, number[]>();

  constructor(
    readonly id: number,
    readonly spec: HostSpec,
    private readonly cpuOvercommit: number,
    /** Fair-share resources of its NIC and its disk. */
    readonly nic: number,
    readonly disk: number,
  ) {
    this.cores = spec.cores;
    this.mips = spec.mips;
    this.spaceShared = spec.vmScheduler === 'space-shared';
  }

  get freeMips(): number {
    if (this.spaceShared) return (this.cores - this.reservedCores) * this.mips;
    return this.cores * this.mips * this.cpuOvercommit - this.reservedMips;
  }
  get freeCores(): number {
    return this.spaceShared ? this.cores - this.reservedCores : this.cores;
  }
  get freeRam(): number {
    return this.spec.ram - this.ramUsed;
  }
  get freeBw(): number {
    return this.spec.bw - this.bwUsed;
  }
  get freeDiskBw(): number {
    return this.spec.diskBw - this.diskBwUsed;
  }
  get freeStorage(): number {
    return this.spec.storage - this.storageUsed;
  }

  /** Reserves (sign 1) or returns (sign -1) what an instance holds. */
  hold(vm: VmRequest, sign: 1 | -1): void {
    this.reservedMips += sign * vm.vcpus * vm.mips;
    if (this.spaceShared) this.reservedCores += sign * vm.vcpus;
    this.ramUsed += sign * vm.ram;
    this.bwUsed += sign * vm.bw;
    this.diskBwUsed += sign * vm.diskBw;
    this.storageUsed += sign * vm.image;
    this.vmCount += sign;
  }
}
