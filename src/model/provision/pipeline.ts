/**
 * The provisioning pipeline of an IaaS manager as time-costed steps, one request at
 * a time through each:
 *
 *   request -> scheduler (one decision at a time, `schedulerS` each; placement by a
 *   core policy over the hosts; an address from each pool) -> image transfer from the
 *   repository (bandwidth shared fairly with the other transfers; skipped when the
 *   host's cache has the image) -> ephemeral disk (/dev/sda2 sparse, or zero-filled on
 *   the host's disk) -> boot (the host's toolstack one instance at a time, then the
 *   platform's start time) -> contextualization (address, SSH key) -> ready.
 *
 * Destroy gives back the host's capacity and the addresses. A request that finds no
 * host or no free address is rejected and recorded, never an error.
 */
import type { Handler, Simulation } from '../../engine/simulation.js';
import type { Placer, PlacerFactory, VmRequest } from '../placement.js';
import type { HostSpec } from '../specs.js';
import { MBIT_PER_MIB } from '../consolidation/migration.js';
import { AddressPool } from './addresses.js';
import { FairShare } from './fairshare.js';
import { ProvisionHost } from './host.js';
import type { ProvisioningSpec, ProvisioningVariant } from './spec.js';

export type RejectReason = 'no-host' | 'no-private-address' | 'no-public-address';

/** What happened to one request; NaN for a time that never came, -1 for no host or replica. */
export interface RequestRecord {
  id: number;
  group: string;
  image: string;
  requested: number;
  /** The scheduler's decision: placed (or rejected) at this time. */
  placed: number;
  host: number;
  privateIp: number;
  publicIp: number;
  replica: number;
  /** The image came from the host's cache (possibly after waiting for another request's transfer). */
  cacheHit: boolean;
  /** MiB sent from the repository for this instance. */
  transferMib: number;
  /** MiB of /dev/sda2 written with zeros. */
  zeroFilledMib: number;
  transferStart: number;
  transferEnd: number;
  diskReady: number;
  bootEnd: number;
  ready: number;
  destroyed: number;
  rejected: RejectReason | '';
}

type ProvisionEvent = 'arrive' | 'decided' | 'booted' | 'ready' | 'destroy';

export class Provisioner {
  readonly records: RequestRecord[] = [];
  readonly hosts: ProvisionHost[];
  private readonly placer: Placer;
  private readonly net: FairShare;
  /** Per replica: its NIC and disk resources, and transfers in progress. */
  private readonly replicas: { nic: number; disk: number; active: number }[];
  private readonly pools: { private?: AddressPool; public?: AddressPool };
  private readonly queue: number[] = [];
  private queueHead = 0;
  private schedulerBusy = false;
  private readonly lifetimes: number[] = [];
  private readonly ev: Record<ProvisionEvent, number>;

  constructor(
    private readonly sim: Simulation,
    private readonly spec: ProvisioningSpec,
    private readonly variant: ProvisioningVariant,
    hostSpecs: readonly HostSpec[],
    placer: PlacerFactory,
  ) {
    this.net = new FairShare(sim);
    const mibps = (mbps: number) => mbps / MBIT_PER_MIB;
    this.hosts = hostSpecs.map(
      (h, i) => new ProvisionHost(i, h, spec.cpuOvercommit, this.net.addResource(mibps(h.bw)), this.net.addResource(mibps(h.diskBw))),
    );
    this.placer = placer(this.hosts);
    this.replicas = Array.from({ length: variant.replicas }, () => ({
      nic: this.net.addResource(mibps(spec.repository.nicMbps)),
      disk: this.net.addResource(mibps(spec.repository.diskMbps)),
      active: 0,
    }));
    this.pools = {
      ...(spec.addresses.private && { private: new AddressPool(spec.addresses.private) }),
      ...(spec.addresses.public && { public: new AddressPool(spec.addresses.public) }),
    };
    const handlers: Record<ProvisionEvent, Handler> = {
      arrive: (i) => this.arrive(i),
      decided: (i) => this.decided(i),
      booted: (i) => this.booted(i),
      ready: (i) => this.ready(i),
      destroy: (i) => this.destroy(i),
    };
    this.ev = sim.register(handlers);
    for (const g of spec.groups) {
      for (let k = 0; k < g.count; k++) {
        const id = this.records.length;
        this.records.push({
          id, group: g.name, image: g.image, requested: g.at + k * g.every, placed: NaN, host: -1,
          privateIp: NaN, publicIp: NaN, replica: -1, cacheHit: false, transferMib: 0, zeroFilledMib: 0,
          transferStart: NaN, transferEnd: NaN, diskReady: NaN, bootEnd: NaN, ready: NaN, destroyed: NaN, rejected: '',
        });
        this.lifetimes.push(g.lifetime);
        sim.scheduleAt(g.at + k * g.every, this.ev.arrive, id);
      }
    }
  }

  /** What an instance reserves on its host: the vm type, plus the platform's footprint in RAM and both disks in storage. */
  private request(id: number): VmRequest {
    const { instance: vm, profile, disk } = this.spec;
    return {
      id, vcpus: vm.vcpus, mips: vm.mips, ram: vm.ram + profile.instance.memoryMib, bw: vm.bw, diskBw: vm.diskBw,
      image: disk.rootMib + disk.ephemeralMib,
    };
  }

  private arrive(i: number): void {
    this.queue.push(i);
    if (!this.schedulerBusy) this.nextDecision();
  }

  private nextDecision(): void {
    if (this.queueHead === this.queue.length) {
      this.schedulerBusy = false;
      return;
    }
    this.schedulerBusy = true;
    this.sim.schedule(this.spec.schedulerS, this.ev.decided, this.queue[this.queueHead++]);
  }

  private decided(i: number): void {
    this.admit(i);
    this.nextDecision();
  }

  private admit(i: number): void {
    const r = this.records[i];
    r.placed = this.sim.now;
    const vm = this.request(i);
    const h = this.placer.select(vm);
    const { private: priv, public: pub } = this.pools;
    if (h < 0) r.rejected = 'no-host';
    else if (priv && priv.free === 0) r.rejected = 'no-private-address';
    else if (pub && pub.free === 0) r.rejected = 'no-public-address';
    if (r.rejected !== '') return;
    const host = this.hosts[h];
    host.hold(vm, 1);
    this.placer.hostChanged(h);
    r.host = h;
    if (priv) r.privateIp = priv.take()!;
    if (pub) r.publicIp = pub.take()!;
    this.fetchImage(r, host);
  }

  private fetchImage(r: RequestRecord, host: ProvisionHost): void {
    r.transferStart = this.sim.now;
    if (this.variant.cache) {
      r.cacheHit = host.cached.has(r.image) || host.fetching.has(r.image);
      if (host.cached.has(r.image)) {
        r.transferEnd = this.sim.now;
        this.prepareDisk(r, host);
        return;
      }
      const waiting = host.fetching.get(r.image);
      if (waiting) return void waiting.push(r.id);
      host.fetching.set(r.image, []);
    }
    // The least-loaded replica: fewest transfers in progress, the lowest number on ties.
    let k = 0;
    for (let j = 1; j < this.replicas.length; j++) if (this.replicas[j].active < this.replicas[k].active) k = j;
    const rep = this.replicas[k];
    rep.active++;
    r.replica = k;
    r.transferMib = this.spec.images[r.image];
    this.net.start(r.transferMib, [rep.nic, rep.disk, host.nic, host.disk], () => {
      rep.active--;
      r.transferEnd = this.sim.now;
      const waiters = host.fetching.get(r.image);
      if (waiters) {
        host.fetching.delete(r.image);
        host.cached.add(r.image);
      }
      this.prepareDisk(r, host);
      for (const w of waiters ?? []) {
        this.records[w].transferEnd = this.sim.now;
        this.prepareDisk(this.records[w], host);
      }
    });
  }

  /** /dev/sda1 holds the image (the rest of it is sparse); /dev/sda2 starts empty. */
  private prepareDisk(r: RequestRecord, host: ProvisionHost): void {
    const { ephemeralMib, ephemeralFill } = this.spec.disk;
    if (ephemeralFill === 'zero' && ephemeralMib > 0) {
      r.zeroFilledMib = ephemeralMib;
      this.net.start(ephemeralMib, [host.disk], () => this.diskReady(r, host));
    } else {
      this.diskReady(r, host);
    }
  }

  private diskReady(r: RequestRecord, host: ProvisionHost): void {
    r.diskReady = this.sim.now;
    const inst = this.spec.profile.instance;
    const start = Math.max(this.sim.now, host.toolstackFree);
    host.toolstackFree = start + inst.serialStartS;
    this.sim.scheduleAt(start + inst.serialStartS + inst.startS, this.ev.booted, r.id);
  }

  private booted(i: number): void {
    this.records[i].bootEnd = this.sim.now;
    const c = this.spec.contextualization;
    this.sim.schedule(c.addressS + c.sshKeyS, this.ev.ready, i);
  }

  private ready(i: number): void {
    const r = this.records[i];
    r.ready = this.sim.now;
    const lifetime = this.lifetimes[i];
    if (lifetime < Infinity) this.sim.schedule(lifetime, this.ev.destroy, i);
  }

  private destroy(i: number): void {
    const r = this.records[i];
    r.destroyed = this.sim.now;
    this.hosts[r.host].hold(this.request(i), -1);
    this.placer.hostChanged(r.host);
    if (this.pools.private) this.pools.private.give(r.privateIp);
    if (this.pools.public) this.pools.public.give(r.publicIp);
  }
}
