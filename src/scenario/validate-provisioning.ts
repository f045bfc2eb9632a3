/**
 * Scenario schema, part 7: `provisioning`, the pipeline of an IaaS manager from an
 * instance request to a ready instance, over the datacenter's hosts. A scenario of
 * its own, like `virtualization`, whose profiles it shares: `platform` names a shipped
 * profile or one defined in `profiles` (same syntax as virtualization.profiles), and
 * the profile's instance costs (footprint, toolstack, start) are the pipeline's.
 */
import { EPHEMERAL_FILLS, type ProvisioningSpec, type ProvisioningVariant, type RequestGroup } from '../model/provision/spec.js';
import { parseAddressRange, type AddressRange } from '../model/provision/addresses.js';
import type { HostSpec, VmSpec } from '../model/specs.js';
import { shippedNames, shippedProfile } from '../model/virt/shipped.js';
import { choiceHint } from './problems.js';
import {
  type Ctx, type Fields, type Path, type TypeTable,
  asMap, asSeq, complete, entries, fields, fmt,
} from './schema.js';
import { PROFILES_FIELD, readProfiles } from './validate-virtualization.js';
import { type FieldSpec, field, mapSpec, opt, ref, req, t } from './spec.js';

const NON_NEGATIVE = { min: 0 };
const POSITIVE = { min: 0, exclusive: true };
/** Top-level sections a provisioning experiment does not use. */
const NOT_WITH = ['vms', 'timeline', 'workloads', 'trace_vms', 'consolidation', 'virtualization'] as const;

export const REPOSITORY = mapSpec('ImageRepository', 'The image repository that instances copy their image from.', {
  replicas: opt(t.int({ min: 1 }), 1, 'Number of repository servers.'),
  bandwidth: opt(t.quantity('bandwidth', POSITIVE), 1000, 'Network bandwidth of each repository server.'),
  disk: opt(t.quantity('bandwidth', POSITIVE), undefined, 'Disk bandwidth of each repository server; unlimited when absent.'),
});

export const PROVISION_DISK = mapSpec('ProvisioningDisk', 'The disks of each instance.', {
  root: opt(t.quantity('memory', POSITIVE), 10 * 1024, 'Root disk (/dev/sda1) size; the image must fit.'),
  ephemeral: opt(t.quantity('memory', NON_NEGATIVE), 0, 'Ephemeral disk size.'),
  ephemeral_fill: opt(t.enum(EPHEMERAL_FILLS), 'sparse', 'How the ephemeral disk is created.'),
});

const POOL = t.str();
export const ADDRESSES = mapSpec('AddressPools', 'Address pools: a CIDR block (10.0.0.0/24) or a range (a.b.c.d-a.b.c.e).', {
  private: opt(POOL, undefined, 'Private address pool.'),
  public: opt(POOL, undefined, 'Public address pool.'),
});

export const CONTEXTUALIZATION = mapSpec('Contextualization', 'Steps after boot before an instance is ready.', {
  address: opt(t.quantity('time', NON_NEGATIVE), 0, 'Time to configure the address.'),
  ssh_key: opt(t.quantity('time', NON_NEGATIVE), 0, 'Time to install the SSH key.'),
});

export const REQUEST_GROUP = mapSpec('RequestGroup', 'Instance requests: count of them from at, one every `every`.', {
  name: opt(t.str(), undefined, 'Name of the group (unique); requests-INDEX when absent.'),
  at: opt(t.quantity('time', NON_NEGATIVE), 0, 'Time of the first request.'),
  count: req(t.int({ min: 1, max: 10_000_000 }), 'Number of requests.'),
  every: opt(t.quantity('time', NON_NEGATIVE), 0, 'Time between requests; all at once when 0.'),
  image: opt(t.str(), undefined, 'Image from images; the first image when absent.'),
  lifetime: opt(t.quantity('time', POSITIVE), undefined, 'How long each instance lives once ready; forever when absent.'),
});

export const PROVISION_VARIANT = mapSpec('ProvisioningVariant', 'A variant of the pipeline compared with the others.', {
  name: req(t.str({ pattern: /^[A-Za-z0-9._-]+$/, patternText: 'a name made of letters, digits, ".", "_" and "-"' }), 'Name of the variant (unique).'),
  replicas: opt(t.int({ min: 1 }), undefined, 'Repository servers; repository.replicas when absent.'),
  cache: opt(t.bool(), undefined, 'Cache images on hosts; provisioning.cache when absent.'),
});

export const PROVISIONING = mapSpec('Provisioning', 'A provisioning experiment: from an instance request to a ready instance, over the datacenter\'s hosts.', {
  platform: req(t.str(), 'Virtualization profile: a shipped one or one defined in profiles.'),
  profiles: PROFILES_FIELD,
  instance: req(t.str(), 'The vm type of every instance.'),
  scheduler: opt(t.quantity('time', NON_NEGATIVE), 0, 'Scheduling time per request.'),
  repository: field('optional', ref(REPOSITORY), 'The image repository.'),
  cache: opt(t.bool(), false, 'Cache images on hosts.'),
  images: field('optional', { kind: 'mapOf', value: t.quantity('memory', NON_NEGATIVE).type, minProperties: 1 }, 'Image name -> size; the platform\'s image when absent.'),
  disk: field('optional', ref(PROVISION_DISK), 'Instance disks.'),
  addresses: field('optional', ref(ADDRESSES), 'Address pools.'),
  contextualization: field('optional', ref(CONTEXTUALIZATION), 'Steps after boot.'),
  requests: field('required', { kind: 'list', item: ref(REQUEST_GROUP), minItems: 1 }, 'Request groups.'),
  variants: field('optional', { kind: 'list', item: ref(PROVISION_VARIANT), minItems: 1 }, 'Variants compared in one run; one default variant when absent.'),
});

export const PROVISIONING_FIELD: FieldSpec = field('optional', ref(PROVISIONING), 'A provisioning experiment (instead of vms, timeline, workloads, trace_vms and virtualization).');

export interface ProvisioningEnv {
  vmTypes: TypeTable<VmSpec>;
  hosts: { spec: HostSpec; count: number }[] | undefined;
  placement: string | undefined;
  cpuOvercommit: number | undefined;
}

export function readProvisioning(ctx: Ctx, top: Fields, env: ProvisioningEnv): ProvisioningSpec | undefined {
  if (!top.has('provisioning')) return undefined;
  for (const k of NOT_WITH) {
    if (top.has(k)) ctx.report(top.keyNode(k), [k], `${k} is not used by a provisioning experiment`, 'remove it, or run it in a scenario of its own');
  }
  const f = fields(ctx, top.node('provisioning'), ['provisioning'], PROVISIONING.fields, 'a map with platform, instance, requests and optionally repository, images, disk, addresses, contextualization, variants');
  if (!f) return undefined;
  const profiles = readProfiles(ctx, f);
  const platform = f.get('platform');
  const profile = platform === undefined ? undefined : profiles.has(platform) ? profiles.get(platform) : shippedProfile(platform);
  if (platform !== undefined && !profiles.has(platform) && !profile) {
    ctx.report(f.node('platform'), f.pathOf('platform'), `unknown platform "${platform}"`,
      choiceHint(platform, [...new Set([...shippedNames(), ...profiles.keys()])], 'shipped and defined profiles are'));
  }
  const instanceName = f.get('instance');
  let instance: VmSpec | undefined;
  if (instanceName !== undefined && env.vmTypes.known) {
    if (!env.vmTypes.specs.has(instanceName)) {
      ctx.report(f.node('instance'), f.pathOf('instance'), `unknown vm type "${instanceName}"`, choiceHint(instanceName, [...env.vmTypes.specs.keys()], 'vm_types defines'));
    } else {
      instance = env.vmTypes.specs.get(instanceName);
    }
  }
  const schedulerS = f.get('scheduler');
  const repo = f.opt('repository', readRepository, { replicas: 1, nicMbps: 1000, diskMbps: Infinity });
  const cache = f.get('cache');
  const images = f.has('images') ? readImages(ctx, f.node('images'), f.pathOf('images')) : profile && platform ? { [platform]: profile.instance.imageMib } : undefined;
  const disk = f.opt('disk', readDisk, { rootMib: 10 * 1024, ephemeralMib: 0, ephemeralFill: 'sparse' as const });
  const addresses = f.opt('addresses', readAddresses, {});
  const contextualization = f.opt('contextualization', readContextualization, { addressS: 0, sshKeyS: 0 });
  const groups = readGroups(ctx, f, images);
  const variants = readVariants(ctx, f, repo?.replicas ?? 1, cache ?? false);

  if (images && disk) {
    const map = f.has('images') ? asMap(ctx, f.node('images'), f.pathOf('images')) : undefined;
    for (const [name, mib] of Object.entries(images)) {
      if (mib <= disk.rootMib) continue;
      const node = map?.items.find((p) => String((ctx.deref(p.key) as { value?: unknown })?.value) === name)?.value ?? f.node('platform');
      ctx.report(ctx.deref(node), f.has('images') ? [...f.pathOf('images'), name] : f.pathOf('platform'),
        `image ${name} (${fmt(mib)} MiB) does not fit /dev/sda1 (disk.root ${fmt(disk.rootMib)} MiB)`, 'a larger disk.root, or a smaller image');
    }
  }
  if (ctx.problems.length > 0 || !platform || !profile || !instance || !repo || !images || !disk || !addresses || !contextualization) return undefined;
  if (!groups || !variants || schedulerS === undefined || !env.hosts || env.placement === undefined || env.cpuOvercommit === undefined) return undefined;
  return {
    platform, profile, instance, schedulerS, repository: { nicMbps: repo.nicMbps, diskMbps: repo.diskMbps }, images, disk,
    addresses, contextualization, groups, variants, placement: env.placement, cpuOvercommit: env.cpuOvercommit,
  };
}

function readRepository(ctx: Ctx, node: unknown, path: Path): { replicas: number; nicMbps: number; diskMbps: number } | undefined {
  const f = fields(ctx, node, path, REPOSITORY.fields, 'a map such as {replicas: 1, bandwidth: 1Gbps, disk: 2Gbps}');
  if (!f) return undefined;
  return complete({
    replicas: f.get('replicas'),
    nicMbps: f.get('bandwidth'),
    diskMbps: f.get('disk', Infinity),
  });
}

const IMAGE_SIZE = t.quantity('memory', NON_NEGATIVE).read;

function readImages(ctx: Ctx, node: unknown, path: Path): Record<string, number> | undefined {
  const map = asMap(ctx, node, path, 'a map of image names to sizes, such as {centos: 2GiB}');
  if (!map) return undefined;
  const out: Record<string, number> = {};
  let ok = true;
  const list = entries(ctx, map, path);
  if (list.length === 0 && map.items.length === 0) {
    ctx.report(map, path, 'expected at least one image, got an empty map');
    return undefined;
  }
  for (const e of list) {
    const mib = IMAGE_SIZE(ctx, e.value, [...path, e.key]);
    if (mib === undefined) ok = false;
    else out[e.key] = mib;
  }
  return ok ? out : undefined;
}

function readDisk(ctx: Ctx, node: unknown, path: Path): ProvisioningSpec['disk'] | undefined {
  const f = fields(ctx, node, path, PROVISION_DISK.fields, 'a map such as {root: 10GiB, ephemeral: 150GiB, ephemeral_fill: sparse}');
  if (!f) return undefined;
  return complete<ProvisioningSpec['disk']>({
    rootMib: f.get('root'),
    ephemeralMib: f.get('ephemeral'),
    ephemeralFill: f.get('ephemeral_fill'),
  });
}

function readAddresses(ctx: Ctx, node: unknown, path: Path): ProvisioningSpec['addresses'] | undefined {
  const f = fields(ctx, node, path, ADDRESSES.fields, 'a map such as {private: 10.0.0.0/24, public: 198.51.100.10-198.51.100.60}');
  if (!f) return undefined;
  const out: ProvisioningSpec['addresses'] = {};
  let ok = true;
  for (const k of ['private', 'public'] as const) {
    if (!f.has(k)) continue;
    const text = f.req(k, POOL.read);
    if (text === undefined) {
      ok = false;
      continue;
    }
    const r: AddressRange | string = parseAddressRange(text);
    if (typeof r === 'string') {
      ctx.report(ctx.deref(f.node(k)), f.pathOf(k), `bad address pool "${text}"`, r);
      ok = false;
    } else {
      out[k] = r;
    }
  }
  return ok ? out : undefined;
}

function readContextualization(ctx: Ctx, node: unknown, path: Path): ProvisioningSpec['contextualization'] | undefined {
  const f = fields(ctx, node, path, CONTEXTUALIZATION.fields, 'a map such as {address: 1s, ssh_key: 2s}');
  if (!f) return undefined;
  return complete<ProvisioningSpec['contextualization']>({
    addressS: f.get('address'),
    sshKeyS: f.get('ssh_key'),
  });
}

function readGroups(ctx: Ctx, f: Fields, images: Record<string, number> | undefined): RequestGroup[] | undefined {
  if (f.node('requests') === undefined) return undefined;
  const seq = asSeq(ctx, f.node('requests'), f.pathOf('requests'), 'a list of request groups such as {at: 0s, count: 100}');
  if (!seq) return undefined;
  if (seq.items.length === 0) {
    ctx.report(seq, f.pathOf('requests'), 'expected at least one request group, got an empty list');
    return undefined;
  }
  const names = new Set<string>();
  const out = seq.items.map((item, i): RequestGroup | undefined => {
    const path = [...f.pathOf('requests'), i];
    const g = fields(ctx, item, path, REQUEST_GROUP.fields, 'a request group such as {at: 0s, count: 100, image: centos}');
    if (!g) return undefined;
    const name = g.get('name', `requests-${i}`);
    if (name !== undefined && names.has(name)) ctx.report(g.node('name'), g.pathOf('name'), `request group name "${name}" is used twice`);
    if (name !== undefined) names.add(name);
    let image = g.get('image', images ? Object.keys(images)[0] : '');
    if (image !== undefined && images && !(image in images)) {
      ctx.report(g.node('image'), g.pathOf('image'), `unknown image "${image}"`, choiceHint(image, Object.keys(images), 'images are'));
      image = undefined;
    }
    return complete<RequestGroup>({
      name,
      at: g.get('at'),
      count: g.get('count'),
      every: g.get('every'),
      image,
      lifetime: g.get('lifetime', Infinity),
    });
  });
  return out.every((g) => g !== undefined) ? (out as RequestGroup[]) : undefined;
}

function readVariants(ctx: Ctx, f: Fields, replicas: number, cache: boolean): ProvisioningVariant[] | undefined {
  if (!f.has('variants')) return [{ name: 'default', replicas, cache }];
  const seq = asSeq(ctx, f.node('variants'), f.pathOf('variants'), 'a list of variants such as {name: replicated, replicas: 4, cache: true}');
  if (!seq) return undefined;
  if (seq.items.length === 0) {
    ctx.report(seq, f.pathOf('variants'), 'expected at least one variant, got an empty list');
    return undefined;
  }
  const names = new Set<string>();
  const out = seq.items.map((item, i) => {
    const path = [...f.pathOf('variants'), i];
    const v = fields(ctx, item, path, PROVISION_VARIANT.fields, 'a variant such as {name: replicated, replicas: 4, cache: true}');
    if (!v) return undefined;
    const name = v.get('name');
    if (name !== undefined && names.has(name)) ctx.report(v.node('name'), v.pathOf('name'), `variant name "${name}" is used twice`);
    if (name !== undefined) names.add(name);
    return complete<ProvisioningVariant>({ name, replicas: v.get('replicas', replicas), cache: v.get('cache', cache) });
  });
  return out.every((v) => v !== undefined) ? (out as ProvisioningVariant[]) : undefined;
}
