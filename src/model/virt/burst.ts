/**
 * Density and start-up of a platform's instances: how many fit a host by memory, and
 * when each of a burst of instances requested at once is ready. Each instance passes
 * through its host's toolstack (daemon or hypervisor tools: one instance at a time,
 * serialStartS each), reads its image from the host disk (one read at a time; shared
 * copy-on-write layers once per host, the others wait for that read), then starts
 * (startS, in parallel with the others).
 */
import { Simulation } from '../../engine/simulation.js';
import type { PlatformProfile } from './profile.js';

export interface BurstHost {
  ramMib: number;
  /** Disk bandwidth, Mbit/s (Infinity: images take no time to read). */
  diskMbps: number;
}

/** Instances of `instanceRamMib` (plus the platform's per-instance footprint) that fit `hostRamMib`. */
export function densityByMemory(hostRamMib: number, instanceRamMib: number, p: PlatformProfile): number {
  return Math.floor(hostRamMib / (instanceRamMib + p.instance.memoryMib));
}

export interface BurstResult {
  /** Ready time of each placed instance, s, in request order. */
  ready: number[];
  rejected: number;
  hostsUsed: number;
}

/** Requests `count` instances at time 0 on `hosts`, spread one per host in turn among those with room. */
export function burstStart(count: number, instanceRamMib: number, p: PlatformProfile, hosts: readonly BurstHost[]): BurstResult {
  const room = hosts.map((h) => densityByMemory(h.ramMib, instanceRamMib, p));
  const assigned: number[] = [];
  let h = 0;
  for (let i = 0; i < count; i++) {
    let tries = 0;
    while (tries < hosts.length && room[h] === 0) {
      h = (h + 1) % hosts.length;
      tries++;
    }
    if (room[h] === 0) break;
    room[h]--;
    assigned.push(h);
    h = (h + 1) % hosts.length;
  }
  const sim = new Simulation();
  const ready = new Array<number>(assigned.length).fill(NaN);
  const diskFree = hosts.map(() => 0);
  const sharedImageAt = hosts.map(() => NaN);
  const imageSeconds = (host: BurstHost) =>
    Number.isFinite(host.diskMbps) ? (p.instance.imageMib * 1024 * 1024 * 8) / (host.diskMbps * 1e6) : 0;
  const ev = sim.register({
    // The toolstack is done with instance `a` on host `b`: read its image.
    toolstackDone: (a, b) => {
      let at: number;
      if (p.instance.imageShared && !Number.isNaN(sharedImageAt[b])) {
        at = Math.max(sim.now, sharedImageAt[b]);
      } else {
        at = Math.max(sim.now, diskFree[b]) + imageSeconds(hosts[b]);
        diskFree[b] = at;
        if (p.instance.imageShared) sharedImageAt[b] = at;
      }
      sim.scheduleAt(at, ev.imageRead, a);
    },
    imageRead: (a) => void sim.schedule(p.instance.startS, ev.ready, a),
    ready: (a) => {
      ready[a] = sim.now;
    },
  });
  const toolstackFree = hosts.map(() => 0);
  assigned.forEach((host, i) => {
    toolstackFree[host] += p.instance.serialStartS;
    sim.scheduleAt(toolstackFree[host], ev.toolstackDone, i, host);
  });
  sim.run();
  return { ready, rejected: count - assigned.length, hostsUsed: new Set(assigned).size };
}
