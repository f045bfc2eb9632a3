/**
 * A provisioning experiment as plain data, in base units (s, MiB, Mbit/s): what an
 * IaaS manager (OpenStack, OpenNebula, Eucalyptus, Nimbus) does between a request for
 * an instance and the instance being ready, as time-costed steps.
 */
import type { VmSpec } from '../specs.js';
import type { PlatformProfile } from '../virt/profile.js';
import type { AddressRange } from './addresses.js';

export type EphemeralFill = 'sparse' | 'zero';
export const EPHEMERAL_FILLS: readonly EphemeralFill[] = ['sparse', 'zero'];

/** Requests of one kind: `count` of them, the first at `at`, one every `every` s. */
export interface RequestGroup {
  name: string;
  at: number;
  count: number;
  every: number;
  /** Name of an image of the experiment. */
  image: string;
  /** Destroyed this long after being ready (Infinity: never). */
  lifetime: number;
}

/** Each server of the image repository, an object store (one server: Eucalyptus Walrus). */
export interface RepositorySpec {
  /** Each server's NIC, Mbit/s. */
  nicMbps: number;
  /** Each server's disk, Mbit/s (Infinity: the images are served from memory). */
  diskMbps: number;
}

/** One configuration of the repository and the hosts' image caches to compare. */
export interface ProvisioningVariant {
  name: string;
  /** Identical repository servers; each transfer is served by the least-loaded one. */
  replicas: number;
  /** Hosts keep the images they fetched: a host that has one skips the transfer. */
  cache: boolean;
}

export interface ProvisioningSpec {
  /** The platform's profile gives the instance costs: memory footprint, toolstack and start time. */
  platform: string;
  profile: PlatformProfile;
  /** The instance size (a vm type): vCPUs, MIPS, RAM and bandwidth reserved on the host. */
  instance: VmSpec;
  /** The scheduler's time per placement decision, s; it decides one request at a time, in arrival order. */
  schedulerS: number;
  repository: RepositorySpec;
  /** Image sizes by name, MiB. */
  images: Record<string, number>;
  /**
   * The ephemeral disk: /dev/sda1 is the root, `rootMib` (the image's size limit),
   * holding the image; /dev/sda2 is `ephemeralMib` of scratch space, not persisted,
   * initially empty: sparse (nothing written) or zero-filled at the host's disk bandwidth.
   */
  disk: { rootMib: number; ephemeralMib: number; ephemeralFill: EphemeralFill };
  /** Address pools; an instance needs one address from each pool given. */
  addresses: { private?: AddressRange; public?: AddressRange };
  /** Contextualization after boot: configuring the address, injecting the SSH key, s. */
  contextualization: { addressS: number; sshKeyS: number };
  groups: RequestGroup[];
  variants: ProvisioningVariant[];
  /** The datacenter's placement policy (a registry name). */
  placement: string;
  cpuOvercommit: number;
}
