import { sampler, type Stream } from '../../engine/random.js';
import type { AppModelSpec } from './spec.js';

/**
 * What requests ask for, drawn from the application's named streams: the class of a
 * new request (by the mix), each visit's CPU, disk and network amounts, and the
 * number of calls a visit makes downstream.
 */
export class Demands {
  /** Per class and hop: samplers of MI, Mbit, Mbit (undefined: none). */
  readonly cpu: (() => number)[][];
  readonly disk: ((() => number) | undefined)[][];
  readonly net: ((() => number) | undefined)[][];
  /** Per class and hop: the tier visited, and the mean calls per visit of the previous hop. */
  readonly routeTier: Int32Array[];
  private readonly visits: Float64Array[];
  private readonly mixCum: Float64Array;
  private readonly mix: Stream;
  private readonly visitDraw: Stream;

  constructor(spec: AppModelSpec, stream: (name: string) => Stream) {
    const base = `apps/${spec.name}`;
    this.mix = stream(`${base}/mix`);
    this.visitDraw = stream(`${base}/visits`);
    const draw = (c: string, h: number, what: string) => stream(`${base}/${c}/${h}/${what}`);
    this.cpu = spec.classes.map((c) => c.route.map((hop, h) => sampler(hop.cpu, draw(c.name, h, 'cpu'))));
    this.disk = spec.classes.map((c) => c.route.map((hop, h) => hop.disk && sampler(hop.disk, draw(c.name, h, 'disk'))));
    this.net = spec.classes.map((c) => c.route.map((hop, h) => hop.network && sampler(hop.network, draw(c.name, h, 'network'))));
    this.routeTier = spec.classes.map((c) => Int32Array.from(c.route, (hop) => hop.tier));
    this.visits = spec.classes.map((c) => Float64Array.from(c.route, (hop) => hop.visits));
    const total = spec.classes.reduce((s, c) => s + c.weight, 0);
    let acc = 0;
    this.mixCum = Float64Array.from(spec.classes, (c) => (acc += c.weight) / total);
  }

  /** The class of a new request (no draw with a single class). */
  drawClass(): number {
    const cum = this.mixCum;
    let c = 0;
    if (cum.length > 1) {
      const u = this.mix.next();
      while (cum[c] <= u && c < cum.length - 1) c++;
    }
    return c;
  }

  /** Calls a visit of class c at hop h - 1 makes to hop h: the mean, its fraction a Bernoulli draw. */
  drawCalls(c: number, h: number): number {
    const mean = this.visits[c][h];
    const k = Math.floor(mean);
    return k === mean ? k : k + (this.visitDraw.next() < mean - k ? 1 : 0);
  }
}
