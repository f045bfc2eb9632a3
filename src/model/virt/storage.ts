/**
 * Elastic block storage: a volume lives on a storage server (its own disks and NIC),
 * not on the host of the VM it is attached to. The VM's disk I/O becomes network I/O
 * over its host's NIC and the server's NIC, plus the server's disk I/O: a pipeline
 * whose throughput is that of its slowest stage (fluid.ts shares each stage with the
 * other flows crossing it). Volumes are attached to one VM at a time, detached, and
 * outlive their VM with their data.
 */
import { diskOps, SECTOR_BYTES, type JobProfile } from './job.js';

export interface StorageServer {
  name: string;
  /** The server's disks: bandwidth, Mbit/s (Infinity: no transfer time), and time per request excluding the transfer, µs. */
  diskMbps: number;
  diskReadOpUs: number;
  diskWriteOpUs: number;
  /** The server's NIC, Mbit/s (full duplex). */
  nicMbps: number;
  /** Round trip between a host and the server per request (iSCSI/NBD over the network), µs. */
  rttUs: number;
}

export interface VolumeSpec {
  name: string;
  server: string;
  sizeMib: number;
  /** Data on the volume when the scenario starts, MiB. */
  dataMib: number;
}

/** Resource-seconds per unit of a one-unit EBS flow, by stage (a job's reads and writes, or an image read). */
export interface EbsStages {
  hostRx: number;
  hostTx: number;
  serverRx: number;
  serverTx: number;
  serverDisk: number;
}

const seconds = (bytes: number, mbps: number) => (Number.isFinite(mbps) ? (bytes * 8) / (mbps * 1e6) : 0);

/**
 * The stages of reading `readBytes` and writing `writeBytes` in requests as given:
 * reads come from the server (its NIC sends, the host's receives), writes go to it.
 */
export function ebsStages(readBytes: number, writeBytes: number, readOps: number, writeOps: number, hostNicMbps: number, s: StorageServer): EbsStages {
  return {
    hostRx: seconds(readBytes, hostNicMbps),
    hostTx: seconds(writeBytes, hostNicMbps),
    serverTx: seconds(readBytes, s.nicMbps),
    serverRx: seconds(writeBytes, s.nicMbps),
    serverDisk: (readOps * s.diskReadOpUs + writeOps * s.diskWriteOpUs) / 1e6 + seconds(readBytes + writeBytes, s.diskMbps),
  };
}

/** A job's disk I/O on a volume of server `s`. */
export function jobEbsStages(job: JobProfile, hostNicMbps: number, s: StorageServer): EbsStages {
  const ops = diskOps(job);
  return ebsStages(job.diskReadSectors * SECTOR_BYTES, job.diskWriteSectors * SECTOR_BYTES, ops.read, ops.write, hostNicMbps, s);
}

/** Time of the stages alone (nothing else on them): the slowest stage, s. */
export const soloEbsSeconds = (st: EbsStages): number => Math.max(st.hostRx, st.hostTx, st.serverRx, st.serverTx, st.serverDisk);

export interface VolumeState extends VolumeSpec {
  /** The VM it is attached to, or null. */
  attachedTo: string | null;
}

export type AttachOutcome = { ok: true } | { ok: false; reason: string };

/** Volumes and their attachments over a sequence of actions; a failed attach is an outcome, not an exception. */
export class Volumes {
  private readonly byName = new Map<string, VolumeState>();
  constructor(specs: readonly VolumeSpec[]) {
    for (const v of specs) this.byName.set(v.name, { ...v, attachedTo: null });
  }

  get(name: string): VolumeState {
    const v = this.byName.get(name);
    if (!v) throw new RangeError(`unknown volume "${name}"`);
    return v;
  }

  attach(volume: string, vm: string): AttachOutcome {
    const v = this.get(volume);
    if (v.attachedTo === vm) return { ok: true };
    if (v.attachedTo !== null) return { ok: false, reason: `volume ${volume} is attached to ${v.attachedTo}` };
    v.attachedTo = vm;
    return { ok: true };
  }

  detach(volume: string): void {
    this.get(volume).attachedTo = null;
  }

  /** A VM is destroyed: its volumes are detached and keep their data (its ephemeral disk is gone). */
  destroyVm(vm: string): void {
    for (const v of this.byName.values()) if (v.attachedTo === vm) v.attachedTo = null;
  }

  /** Writes grow the data up to the volume's size (each written sector is taken as new data: an upper bound). */
  write(volume: string, bytes: number): void {
    const v = this.get(volume);
    v.dataMib = Math.min(v.sizeMib, v.dataMib + bytes / (1024 * 1024));
  }
}
