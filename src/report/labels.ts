/**
 * Human names and units for CSV column and metric names, read from the names
 * themselves (the data dictionary puts the unit in the name), so a metric a new
 * model adds gets a sensible axis title without a change here.
 */

// Longest suffix first: `_kwh` before `_w`, `_mib` before `_mi`.
const SUFFIX_UNITS: [string, string][] = [
  ['_kwh', 'kWh'],
  ['_mib', 'MiB'],
  ['_gib', 'GiB'],
  ['_mbps', 'Mbit/s'],
  ['_rps', 'requests/s'],
  ['_per_s', '/s'],
  ['_pct', '%'],
  ['_percent', '%'],
  ['_ms', 'ms'],
  ['_mi', 'MI'],
  ['_w', 'W'],
  ['_s', 's'],
];

// Statistics appended after the unit (`task_time_mean_s` has it before, `cpu_s_mean` after).
const STAT_SUFFIXES = ['_mean', '_sd', '_p50', '_p95', '_p99', '_max', '_min'];

const WORDS: Record<string, string> = {
  cpu: 'CPU',
  vm: 'VM',
  vms: 'VMs',
  ram: 'RAM',
  sla: 'SLA',
  slatah: 'SLATAH',
  slav: 'SLAV',
  pdm: 'PDM',
  esv: 'ESV',
  mips: 'MIPS',
  io: 'I/O',
  nic: 'NIC',
  mmu: 'MMU',
  p50: 'p50',
  p95: 'p95',
  p99: 'p99',
  sd: 'SD',
  ci95: '95% CI',
};

/** The unit a name carries in its suffix, or '' for counts and plain ratios. */
export function unitOf(name: string): string {
  let n = name.toLowerCase();
  for (const s of STAT_SUFFIXES) if (n.endsWith(s) && n.length > s.length) n = n.slice(0, -s.length);
  for (const [suffix, unit] of SUFFIX_UNITS) if (n.endsWith(suffix) && n.length > suffix.length) return unit;
  return '';
}

/** Utilizations are fractions in [0, 1], shown as percentages. */
export function isFraction(name: string): boolean {
  return /utili[sz]ation/i.test(name) && unitOf(name) === '';
}

/** "task_time_p95_s" -> "Task time p95"; "cpu_utilization" -> "CPU utilization"; "datacenter.placement" stays a path. */
export function labelOf(name: string): string {
  if (name.includes('.')) return name;
  let n = name;
  const unit = unitOf(n);
  if (unit !== '') {
    const lower = n.toLowerCase();
    const stat = STAT_SUFFIXES.find((s) => lower.endsWith(s));
    const core = stat ? n.slice(0, -stat.length) : n;
    const suffix = SUFFIX_UNITS.find(([s]) => core.toLowerCase().endsWith(s))![0];
    n = core.slice(0, -suffix.length) + (stat ?? '');
  }
  const words = n.split('_').filter((w) => w !== '').map((w) => WORDS[w.toLowerCase()] ?? w);
  const text = words.join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** An axis title: the label with its unit, "Power (W)", "CPU utilization (%)". */
export function axisTitle(name: string): string {
  const unit = isFraction(name) ? '%' : unitOf(name);
  return unit === '' ? labelOf(name) : `${labelOf(name)} (${unit})`;
}

/** Seconds are shown in the unit that keeps axis numbers small. */
export interface TimeScale {
  unit: 's' | 'min' | 'h' | 'd';
  seconds: number;
}

export function timeScale(maxSeconds: number): TimeScale {
  if (maxSeconds > 3 * 86400) return { unit: 'd', seconds: 86400 };
  if (maxSeconds > 3 * 3600) return { unit: 'h', seconds: 3600 };
  if (maxSeconds > 3 * 60) return { unit: 'min', seconds: 60 };
  return { unit: 's', seconds: 1 };
}

/** A summary value as text: integers whole, other numbers to 4 significant digits, fractions as %. */
export function formatValue(name: string, v: string | number | null): string {
  if (v === null) return '';
  if (typeof v === 'string') return v;
  if (!Number.isFinite(v)) return v > 0 ? '∞' : Number.isNaN(v) ? '' : '−∞';
  if (isFraction(name)) return `${trim((100 * v).toPrecision(4))} %`;
  if (Number.isInteger(v)) return v.toLocaleString('en-US');
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e9)) return v.toExponential(3);
  if (a >= 1000) return v.toLocaleString('en-US', { maximumFractionDigits: 1 });
  return trim(v.toPrecision(4));
}

function trim(s: string): string {
  return s.includes('.') && !s.includes('e') ? s.replace(/\.?0+$/, '') : s;
}
