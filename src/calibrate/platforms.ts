/**
 * The shipped platforms as mechanisms with unknown costs: which paths each uses, the
 * constants taken from documentation, and the parameters the calibration fits, each
 * bounded (physically meaningful) and with a prior (a value and a spread) that keeps
 * it there when the published measurements cannot tell it apart from others.
 *
 * Platforms of one family share a mechanism's parameter: every KVM uses one exit
 * cost, one virtio-blk cost; the Xen versions share the split drivers; QEMU's device
 * models (KVM, Xen HVM) share the exits per request. So the container and KVM
 * measurements of Felter et al. pin what the RUSLE2 table alone cannot.
 */
import { BARE_METAL, cloneProfile, NATIVE_IO, type IoPathCosts, type PlatformProfile } from '../model/virt/profile.js';

export interface ParamDef {
  name: string;
  lower: number;
  upper: number;
  prior: number;
  /** Spread of the prior (Infinity: no prior); residual (x - prior) / spread. */
  spread: number;
  why: string;
}

export const PARAMS: readonly ParamDef[] = [
  { name: 'kvm.cpu.overhead', lower: 0, upper: 0.5, prior: 0.02, spread: 0.05, why: 'KVM CPU time per native CPU second - 1 (Linpack, pinned)' },
  { name: 'kvm.cpu.floating', lower: 0, upper: 3, prior: 1, spread: Infinity, why: 'extra for floating vCPUs (Linpack untuned: 130 vs 284 GFLOPS)' },
  { name: 'kvm.shadow.pt_update_us', lower: 0.1, upper: 20, prior: 2, spread: 2, why: 'shadow paging: trap and emulate one guest page-table write' },
  { name: 'kvm.nested.tlb_miss_ns', lower: 0, upper: 50, prior: 5, spread: 10, why: 'EPT: extra cost of a two-dimensional page walk' },
  { name: 'kvm.exit_us', lower: 1, upper: 100, prior: 10, spread: 10, why: 'one exit to user-space QEMU and back' },
  { name: 'qemu.disk.exits_per_op', lower: 1, upper: 30, prior: 8, spread: 5, why: 'emulated IDE: PIO/MMIO accesses per request (QEMU, also Xen HVM qemu-dm)' },
  { name: 'qemu.net.exits_per_op', lower: 1, upper: 30, prior: 4, spread: 3, why: 'emulated e1000/rtl8139: accesses per packet' },
  { name: 'virtio.disk.op_us', lower: 0, upper: 50, prior: 5, spread: 10, why: 'virtio-blk back-end work per request' },
  { name: 'virtio.disk.notify_us', lower: 0, upper: 50, prior: 5, spread: 5, why: 'virtio kick plus completion interrupt' },
  { name: 'virtio.net.op_us', lower: 0, upper: 50, prior: 3, spread: 5, why: 'virtio-net back-end work per packet' },
  { name: 'virtio.net.notify_us', lower: 0, upper: 50, prior: 5, spread: 5, why: 'virtio-net kick plus interrupt' },
  { name: 'qemu-virtio-net.coalesce_us', lower: 0, upper: 1000, prior: 150, spread: 100, why: "user-space virtio-net's TX mitigation timer (QEMU tx=timer, 150 us)" },
  { name: 'vhost.coalesce_us', lower: 0, upper: 100, prior: 20, spread: 20, why: 'vhost-net: interrupt coalescing/polling wait per packet batch' },
  { name: 'xen-hvm.cpu.overhead', lower: 0, upper: 0.5, prior: 0.03, spread: 0.05, why: 'Xen HVM CPU overhead' },
  { name: 'xen-hvm.shadow.pt_update_us', lower: 0.1, upper: 20, prior: 2, spread: 2, why: "Xen HVM shadow paging: one guest page-table write" },
  { name: 'xen-hvm.exit_us', lower: 1, upper: 200, prior: 20, spread: 20, why: 'an exit to qemu-dm in dom0 and back' },
  { name: 'xen.pv.hypercall_us', lower: 0.1, upper: 20, prior: 1, spread: 2, why: 'Xen PV: one mmu_update hypercall' },
  { name: 'xen.split.disk.op_us', lower: 0, upper: 100, prior: 10, spread: 10, why: 'blkback work per request' },
  { name: 'xen.split.net.op_us', lower: 0, upper: 100, prior: 10, spread: 10, why: 'netback work per packet (copy to/from dom0)' },
  { name: 'xen.evtchn_us', lower: 0, upper: 50, prior: 5, spread: 5, why: 'event channel notification plus virtual interrupt' },
  ...['3.1', '3.4.3', '4.0.1', '4.1.1'].flatMap((v): ParamDef[] => [
    { name: `xen-${v}.cpu.overhead`, lower: 0, upper: 0.5, prior: 0.03, spread: 0.05, why: `Xen ${v} PV CPU overhead (kernel build +3%, Barham et al.)` },
    { name: `xen-${v}.pv.validate_us`, lower: 0.05, upper: 10, prior: 0.5, spread: 1, why: `Xen ${v}: validating one page-table update` },
  ]),
  { name: 'container.cpu.overhead', lower: 0, upper: 0.2, prior: 0, spread: 0.01, why: 'cgroup accounting on the shared kernel' },
  { name: 'container.net.op_us', lower: 0, upper: 20, prior: 0, spread: 1, why: 'veth/bridge per packet (host networking: none)' },
  { name: 'docker.nat_us', lower: 0, upper: 20, prior: 2, spread: 5, why: 'iptables NAT per packet (docker-nat)' },
  { name: 'docker.unionfs.op_us', lower: 0, upper: 100, prior: 5, spread: 20, why: 'union file system (AUFS) per disk request (docker-nat: no volume)' },
];

/** Constants of the shipped platforms, from documentation (not fitted). */
const VIRTIO_DISK_BATCH = 8; // requests per kick at queue depth: virtio-blk merges; an assumption
const VIRTIO_NET_BATCH = 4; // packets per kick/interrupt; an assumption
const XEN_PT_BATCH = 16; // page-table updates per mmu_update multicall; an assumption
const XEN_SPLIT_BATCH = 8; // requests per event-channel notification; an assumption

// virtualization.md: minimal Xen PV guest 6.2 MB + 20 kB of hypervisor state; a VMM adds <= 5 MiB
// (Firecracker); VMs start in 100 s (CloudSim's default); Docker containers in 568 ms (SSD) of which
// namespace creation, 8-10 ms, is done one at a time by the daemon; CloudSim's container start 0.4 s;
// a process on bare metal: fork/exec, about 1 ms (LightVM paper).
const MB = 1e6 / 2 ** 20;
const XEN_PV_INSTANCE = { memoryMib: 6.2 * MB + 20e3 / 2 ** 20, startS: 100, serialStartS: 0, imageMib: 2048, imageShared: true };
const QEMU_VM_INSTANCE = { memoryMib: 6.2 * MB + 5, startS: 100, serialStartS: 0, imageMib: 2048, imageShared: true };
const DOCKER_INSTANCE = { memoryMib: 1, startS: 0.568 - 0.009, serialStartS: 0.009, imageMib: 200, imageShared: true };
const CONTAINER_INSTANCE = { memoryMib: 1, startS: 0.4, serialStartS: 0, imageMib: 200, imageShared: true };

export type Values = Readonly<Record<string, number>>;

const io = (o: Partial<IoPathCosts> & { path: IoPathCosts['path'] }): IoPathCosts => ({ ...NATIVE_IO, ...o });

/** Every shipped platform built from parameter values. */
export function buildProfiles(v: Values): Record<string, PlatformProfile> {
  const emulatedDisk = io({ path: 'emulated', exitsPerOp: v['qemu.disk.exits_per_op'] });
  const emulatedNet = io({ path: 'emulated', exitsPerOp: v['qemu.net.exits_per_op'] });
  const virtioDisk = io({ path: 'paravirtual', opUs: v['virtio.disk.op_us'], notifyUs: v['virtio.disk.notify_us'], batch: VIRTIO_DISK_BATCH });
  const virtioNet = (coalesceUs: number) =>
    io({ path: 'paravirtual', opUs: v['virtio.net.op_us'], notifyUs: v['virtio.net.notify_us'], batch: VIRTIO_NET_BATCH, coalesceUs });
  const qemuVirtioNet = virtioNet(v['qemu-virtio-net.coalesce_us']);
  const kvm = (description: string, disk: IoPathCosts, net: IoPathCosts, mmu: PlatformProfile['mmu']): PlatformProfile => ({
    kind: 'vm',
    description,
    cpu: { overhead: v['kvm.cpu.overhead'], floatingOverhead: v['kvm.cpu.floating'] },
    mmu,
    exitUs: v['kvm.exit_us'],
    disk,
    net,
    instance: { ...QEMU_VM_INSTANCE },
  });
  const shadow = (key: string): PlatformProfile['mmu'] => ({ mode: 'shadow', ptUpdateUs: v[key], hypercallUs: 0, ptBatch: 1, tlbMissNs: 0 });
  const kvmShadow = shadow('kvm.shadow.pt_update_us');
  // No measurement of floating vCPUs on Xen: its profiles take KVM's (Felter's untuned Linpack).
  const xenPv = (ver: string): PlatformProfile => ({
    kind: 'vm',
    description: `Xen ${ver}, paravirtual guest: direct page tables, split drivers`,
    cpu: { overhead: v[`xen-${ver}.cpu.overhead`], floatingOverhead: v['kvm.cpu.floating'] },
    mmu: { mode: 'pv-direct', ptUpdateUs: v[`xen-${ver}.pv.validate_us`], hypercallUs: v['xen.pv.hypercall_us'], ptBatch: XEN_PT_BATCH, tlbMissNs: 0 },
    exitUs: 0,
    disk: io({ path: 'paravirtual', opUs: v['xen.split.disk.op_us'], notifyUs: v['xen.evtchn_us'], batch: XEN_SPLIT_BATCH }),
    net: io({ path: 'paravirtual', opUs: v['xen.split.net.op_us'], notifyUs: v['xen.evtchn_us'], batch: XEN_SPLIT_BATCH }),
    instance: { ...XEN_PV_INSTANCE },
  });
  const container = (description: string, net: IoPathCosts, disk: IoPathCosts, instance: PlatformProfile['instance']): PlatformProfile => ({
    ...cloneProfile(BARE_METAL),
    kind: 'container',
    description,
    cpu: { overhead: v['container.cpu.overhead'], floatingOverhead: 0 },
    disk,
    net,
    instance,
  });
  const hostNet = io({ path: 'native', opUs: v['container.net.op_us'] });
  return {
    'bare-metal': { ...cloneProfile(BARE_METAL), instance: { ...BARE_METAL.instance, startS: 0.001 } },
    'xen-3.1': xenPv('3.1'),
    'xen-3.4.3': xenPv('3.4.3'),
    'xen-4.0.1': xenPv('4.0.1'),
    'xen-4.1.1': xenPv('4.1.1'),
    'xen-3.4.3-hvm': {
      kind: 'vm',
      description: 'Xen 3.4.3, HVM guest: shadow paging, devices emulated by qemu-dm',
      cpu: { overhead: v['xen-hvm.cpu.overhead'], floatingOverhead: v['kvm.cpu.floating'] },
      mmu: shadow('xen-hvm.shadow.pt_update_us'),
      exitUs: v['xen-hvm.exit_us'],
      disk: emulatedDisk,
      net: emulatedNet,
      instance: { ...QEMU_VM_INSTANCE },
    },
    kvm: kvm('KVM, shadow paging, emulated disk and network (IDE, e1000)', emulatedDisk, emulatedNet, kvmShadow),
    'kvm-virtio-disk': kvm('KVM, shadow paging, virtio disk, emulated network', virtioDisk, emulatedNet, kvmShadow),
    'kvm-virtio-net': kvm('KVM, shadow paging, emulated disk, user-space virtio network (TX timer)', emulatedDisk, qemuVirtioNet, kvmShadow),
    'kvm-virtio': kvm('KVM, shadow paging, virtio disk and user-space virtio network', virtioDisk, qemuVirtioNet, kvmShadow),
    'kvm-ept-vhost': kvm(
      'KVM with extended page tables, virtio disk and vhost-net, vCPUs pinned (Felter et al. 2014)',
      virtioDisk,
      virtioNet(v['vhost.coalesce_us']),
      { mode: 'nested', ptUpdateUs: 0, hypercallUs: 0, ptBatch: 1, tlbMissNs: v['kvm.nested.tlb_miss_ns'] },
    ),
    docker: container('Docker with host networking and a volume: the host kernel\'s paths', hostNet, NATIVE_IO, { ...DOCKER_INSTANCE }),
    'docker-nat': container(
      'Docker with its NAT bridge and the union file system',
      io({ path: 'native', opUs: v['container.net.op_us'], natUs: v['docker.nat_us'] }),
      io({ path: 'native', opUs: v['docker.unionfs.op_us'] }),
      { ...DOCKER_INSTANCE },
    ),
    lxc: container('LXC system container on the host kernel (as Docker with host networking)', hostNet, NATIVE_IO, { ...CONTAINER_INSTANCE }),
    openvz: container('OpenVZ container on the host kernel (as LXC)', hostNet, NATIVE_IO, { ...CONTAINER_INSTANCE }),
  };
}
