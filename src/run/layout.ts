import type { HostSpec } from '../model/specs.js';
import type { HostGroup } from '../scenario/types.js';

/** Hosts in datacenter order: groups one after another, or one of each group in turn. */
export function layoutHosts(groups: readonly HostGroup[], layout: 'grouped' | 'interleaved'): HostSpec[] {
  const out: HostSpec[] = [];
  if (layout === 'grouped') {
    for (const g of groups) for (let i = 0; i < g.count; i++) out.push(g.spec);
    return out;
  }
  const left = groups.map((g) => g.count);
  for (let more = true; more; ) {
    more = false;
    groups.forEach((g, i) => {
      if (left[i] > 0) {
        out.push(g.spec);
        left[i]--;
        more ||= left[i] > 0;
      }
    });
  }
  return out;
}
