/**
 * A finite pool of IPv4 addresses, as an IaaS manager hands them out: a CIDR block
 * (its network and broadcast addresses excluded) or an inclusive range
 * ("198.51.100.10-198.51.100.20", Eucalyptus's VNET_PUBLICIPS form). An address is
 * taken when an instance is admitted and given back when it is destroyed; the lowest
 * free address is always the one handed out, so runs are reproducible.
 */

export interface AddressRange {
  /** First address as an unsigned 32-bit integer. */
  first: number;
  /** Number of addresses. */
  size: number;
}

const QUAD = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

function parseQuad(s: string): number | undefined {
  const m = QUAD.exec(s.trim());
  if (!m) return undefined;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return undefined;
  return ((parts[0] * 256 + parts[1]) * 256 + parts[2]) * 256 + parts[3];
}

export function formatAddress(a: number): string {
  return [a >>> 24, (a >>> 16) & 255, (a >>> 8) & 255, a & 255].join('.');
}

/** Parses a CIDR block (prefix 0-30) or an inclusive range; a message when it is neither. */
export function parseAddressRange(text: string): AddressRange | string {
  const slash = text.indexOf('/');
  if (slash >= 0) {
    const base = parseQuad(text.slice(0, slash));
    const prefix = /^\d{1,2}$/.test(text.slice(slash + 1)) ? Number(text.slice(slash + 1)) : NaN;
    if (base === undefined || !(prefix >= 0 && prefix <= 30)) return 'a CIDR block needs an address and a prefix length from 0 to 30, such as 10.0.0.0/24';
    const span = 2 ** (32 - prefix);
    const network = base - (base % span);
    if (network !== base) return `${text} is not the start of its block: did you mean ${formatAddress(network)}/${prefix}?`;
    return { first: network + 1, size: span - 2 };
  }
  const dash = text.indexOf('-');
  if (dash >= 0) {
    const a = parseQuad(text.slice(0, dash));
    const b = parseQuad(text.slice(dash + 1));
    if (a === undefined || b === undefined) return 'a range needs two addresses, such as 198.51.100.10-198.51.100.20';
    if (b < a) return `the range ends before it starts (${formatAddress(b)} < ${formatAddress(a)})`;
    return { first: a, size: b - a + 1 };
  }
  const one = parseQuad(text);
  return one === undefined ? 'expected a CIDR block such as 10.0.0.0/24 or a range such as 198.51.100.10-198.51.100.20' : { first: one, size: 1 };
}

/** The free addresses of one range: lowest first. */
export class AddressPool {
  /** Offsets below `next` given back, as a binary min-heap. */
  private readonly returned: number[] = [];
  /** Offsets from here on were never handed out. */
  private next = 0;
  private used = 0;

  constructor(readonly range: AddressRange) {}

  get free(): number {
    return this.range.size - this.used;
  }

  /** The lowest free address, taken; undefined when the pool is exhausted. */
  take(): number | undefined {
    let offset: number;
    if (this.returned.length > 0) offset = this.popMin();
    else if (this.next < this.range.size) offset = this.next++;
    else return undefined;
    this.used++;
    return this.range.first + offset;
  }

  give(address: number): void {
    const h = this.returned;
    h.push(address - this.range.first);
    for (let i = h.length - 1; i > 0; ) {
      const p = (i - 1) >> 1;
      if (h[p] <= h[i]) break;
      [h[p], h[i]] = [h[i], h[p]];
      i = p;
    }
    this.used--;
  }

  private popMin(): number {
    const h = this.returned;
    const top = h[0];
    const last = h.pop()!;
    if (h.length > 0) {
      h[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1, r = l + 1;
        let m = i;
        if (l < h.length && h[l] < h[m]) m = l;
        if (r < h.length && h[r] < h[m]) m = r;
        if (m === i) break;
        [h[m], h[i]] = [h[i], h[m]];
        i = m;
      }
    }
    return top;
  }
}
