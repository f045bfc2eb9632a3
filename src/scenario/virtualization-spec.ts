/**
 * The keys of the `virtualization` section (read by validate-virtualization.ts; its
 * layouts, volumes and storage servers by validate-layouts.ts), as plain data for the
 * validator and the JSON Schema.
 */
import { JOB_REPORTS } from '../model/virt/experiment.js';
import { IO_PATHS, MMU_MODES, PLATFORM_KINDS } from '../model/virt/profile.js';
import { type FieldSpec, field, mapSpec, opt, ref, req, t } from './spec.js';
import { LAYOUT, STORAGE_SERVER, VOLUME } from './validate-layouts.js';

const NON_NEGATIVE = { min: 0 };
const POSITIVE = { min: 0, exclusive: true };
const AT_LEAST_ONE = { min: 1 };
const MIB_BYTES = 1024 * 1024;

const TIME = t.quantity('time', NON_NEGATIVE);

export const PROFILE_CPU = mapSpec('ProfileCpu', 'CPU costs of a platform.', {
  overhead: opt(t.num(NON_NEGATIVE), undefined, 'Fraction of CPU time lost to the platform; the base\'s when absent.'),
  floating_overhead: opt(t.num(NON_NEGATIVE), undefined, 'Overhead factor of floating (unpinned) vCPUs; the base\'s when absent.'),
});

export const PROFILE_MMU = mapSpec('ProfileMmu', 'Memory management costs of a platform.', {
  mode: opt(t.enum(MMU_MODES), undefined, 'How guest page tables are virtualized.'),
  pt_update: opt(TIME, undefined, 'Cost of a page table update.'),
  hypercall: opt(TIME, undefined, 'Cost of a hypercall.'),
  pt_batch: opt(t.num(AT_LEAST_ONE), undefined, 'Page table updates per hypercall.'),
  tlb_miss: opt(TIME, undefined, 'Extra cost of a TLB miss.'),
});

const IO_FIELDS = {
  path: opt(t.enum(IO_PATHS), undefined, 'How the I/O reaches the device.'),
  exits_per_op: opt(t.num(NON_NEGATIVE), undefined, 'VM exits per operation.'),
  op: opt(TIME, undefined, 'Cost per operation.'),
  batch: opt(t.num(AT_LEAST_ONE), undefined, 'Operations per notification.'),
  notify: opt(TIME, undefined, 'Cost per notification.'),
  coalesce: opt(TIME, undefined, 'Interrupt coalescing delay.'),
};
export const DISK_PATH = mapSpec('DiskPath', 'Disk I/O costs of a platform; the base\'s for keys left out.', IO_FIELDS);
export const NET_PATH = mapSpec('NetPath', 'Network I/O costs of a platform; the base\'s for keys left out.', {
  ...IO_FIELDS,
  nat: opt(TIME, undefined, 'NAT cost per packet.'),
});

export const PROFILE_INSTANCE = mapSpec('ProfileInstance', 'Costs of one instance of a platform.', {
  memory: opt(t.quantity('memory', NON_NEGATIVE), undefined, 'Memory footprint per instance.'),
  start: opt(TIME, undefined, 'Start time of an instance.'),
  serial_start: opt(TIME, undefined, 'Part of the start that instances do one at a time.'),
  image: opt(t.quantity('memory', NON_NEGATIVE), undefined, 'Image size.'),
  image_shared: opt(t.bool(), undefined, 'Instances share one image (copy-on-write layers).'),
});

export const PROFILE = mapSpec('Profile', 'A platform profile: a base profile with overrides.', {
  base: opt(t.str(), undefined, 'Profile it starts from: shipped or defined earlier; bare-metal (or the shipped one of the same name) when absent.'),
  kind: opt(t.enum(PLATFORM_KINDS), undefined, 'What kind of platform it is.'),
  description: opt(t.str(), undefined, 'What the platform is.'),
  cpu: field('optional', ref(PROFILE_CPU), 'CPU costs.'),
  mmu: field('optional', ref(PROFILE_MMU), 'Memory management costs.'),
  exit: opt(TIME, undefined, 'Cost of a VM exit.'),
  disk: field('optional', ref(DISK_PATH), 'Disk I/O costs.'),
  net: field('optional', ref(NET_PATH), 'Network I/O costs.'),
  instance: field('optional', ref(PROFILE_INSTANCE), 'Per-instance costs.'),
});

export const PROFILES_FIELD = field('optional', { kind: 'mapOf', value: ref(PROFILE) }, 'Platform profiles defined here, by name.');

export const DEVICES = mapSpec('Devices', 'The host\'s device latencies.', {
  disk_read_op: opt(TIME, 0, 'Time per disk read operation.'),
  disk_write_op: opt(TIME, 0, 'Time per disk write operation.'),
  rtt: opt(TIME, 0, 'Network round trip.'),
});

export const BURST = mapSpec('Burst', 'Start many instances at once on the datacenter\'s hosts.', {
  count: req(t.int(AT_LEAST_ONE), 'Number of instances.'),
});

export const VIRT_JOB = mapSpec('VirtJob', 'A job: what one instance consumes.', {
  name: req(t.str(), 'Name of the job (unique).'),
  cpu: opt(TIME, 0, 'CPU time on bare metal.'),
  parallelism: opt(t.num(POSITIVE), 1, 'Cores it uses at once.'),
  disk_read: opt(t.num(NON_NEGATIVE), 0, 'Sectors read.'),
  disk_write: opt(t.num(NON_NEGATIVE), 0, 'Sectors written.'),
  request_size: opt(t.quantity('memory', POSITIVE), 4096 / MIB_BYTES, 'Size of a disk request (e.g. 4KiB).'),
  net_rx: opt(t.quantity('memory', NON_NEGATIVE), 0, 'Data received.'),
  net_tx: opt(t.quantity('memory', NON_NEGATIVE), 0, 'Data sent.'),
  packet_size: opt(t.quantity('memory', POSITIVE), 1448 / MIB_BYTES, 'Size of a packet (e.g. 1448B).'),
  round_trips: opt(t.num(NON_NEGATIVE), 0, 'Network round trips.'),
  virtual_ends: opt(t.int({ min: 1, max: 2 }), 1, 'Ends of each round trip that are virtualized.'),
  pt_updates: opt(t.num(NON_NEGATIVE), 0, 'Page table updates.'),
  tlb_misses: opt(t.num(NON_NEGATIVE), 0, 'TLB misses.'),
  overlap: opt(t.num({ min: 0, max: 1 }), 0, 'Fraction of I/O that overlaps CPU.'),
  pinning: opt(t.enum(['pinned', 'floating'] as const), 'pinned', 'vCPUs pinned to cores, or floating.'),
  instances: opt(t.int(AT_LEAST_ONE), 1, 'Instances running the job at once.'),
  copies: opt(t.int(AT_LEAST_ONE), undefined, 'Copies of the job among the instances (at most instances); instances when absent.'),
  report: opt(t.enum(JOB_REPORTS), 'time', 'What the output reports.'),
  work: opt(t.num(POSITIVE), 1, 'Units of work the job does (for throughput).'),
  unit: opt(t.str(), 'jobs', 'Name of the unit of work.'),
});

export const VIRTUALIZATION = mapSpec('Virtualization', 'A virtualization-overhead experiment: jobs on one host under several platforms.', {
  platforms: field('required', { kind: 'list', item: { kind: 'string' }, minItems: 1 }, 'Platforms compared: shipped profiles or ones defined in profiles, each once.'),
  baseline: opt(t.str(), undefined, 'Platform the others are compared with; the first when absent.'),
  host_os: opt(t.str(), 'linux', 'The host\'s operating system.'),
  guest_os: opt(t.str(), undefined, 'The guests\' operating system; host_os when absent.'),
  instance: req(t.str(), 'The vm type of each instance.'),
  devices: field('optional', ref(DEVICES), 'Device latencies.'),
  profiles: PROFILES_FIELD,
  jobs: field('required', { kind: 'list', item: ref(VIRT_JOB), minItems: 1 }, 'The jobs.'),
  burst: field('optional', ref(BURST), 'A burst of instance starts.'),
  storage_servers: field('optional', { kind: 'mapOf', value: ref(STORAGE_SERVER) }, 'Storage servers by name.'),
  volumes: field('optional', { kind: 'mapOf', value: ref(VOLUME) }, 'Volumes by name (attached to layout VMs).'),
  layouts: field('optional', { kind: 'list', item: ref(LAYOUT), minItems: 1 }, 'Server partitioning: the host divided among VMs.'),
});

export const VIRTUALIZATION_FIELD: FieldSpec = field('optional', ref(VIRTUALIZATION), 'A virtualization-overhead experiment (instead of vms, timeline, workloads and trace_vms).');
