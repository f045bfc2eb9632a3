import type { TopLevelSpec } from 'vega-lite';
import { axisTitle, isFraction, labelOf, unitOf } from './labels.js';

/** One plot of the report: a vega-lite spec (plain data, data inlined) and where it goes. */
export interface Chart {
  /** Heading of the report section the chart is listed under. */
  section: string;
  title: string;
  spec: TopLevelSpec;
}

/** Plot sizes (px) chosen so two charts sit side by side on a laptop screen. */
export const WIDTH = 440;
export const HEIGHT = 180;

/** A quantitative y (or colour) channel for a metric: its axis title with unit, utilizations as %. */
export function quantity(field: string, metric: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    field,
    type: 'quantitative',
    title: axisTitle(metric),
    ...(isFraction(metric) ? { axis: { format: '%' } } : {}),
    ...extra,
  };
}

/** A colour channel for a metric: its unit as the legend title (the chart's title names it), utilizations as %. */
export function legendQuantity(field: string, metric: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const unit = isFraction(metric) ? '%' : unitOf(metric);
  return {
    field,
    type: 'quantitative',
    title: unit === '' ? labelOf(metric) : unit,
    ...(isFraction(metric) ? { legend: { format: '%' } } : {}),
    ...extra,
  };
}

export function topLevel(title: string, body: Record<string, unknown>, subtitle?: string): TopLevelSpec {
  return { title: subtitle === undefined ? title : { text: title, subtitle }, width: WIDTH, height: HEIGHT, ...body } as TopLevelSpec;
}

/**
 * A colour per category, its legend under the plot (a legend at the side would
 * make the figure wider than its grid cell and shrink it), in as many columns as
 * the longest label allows within the plot's width.
 */
export function colourBy(field: string, title: string, labels: readonly string[]): Record<string, unknown> {
  const longest = Math.max(1, ...labels.map((l) => l.length));
  // about 6.5 px per character at 11 px, plus the symbol and padding
  const columns = Math.max(1, Math.min(labels.length, Math.floor(WIDTH / (longest * 6.5 + 30))));
  return { field, type: 'nominal', title, sort: null, legend: { orient: 'bottom', direction: 'horizontal', columns } };
}

/** Axis of a nominal x: labels level while they fit their band, upright when they would overlap. */
export function categoryAxis(labels: readonly string[]): Record<string, unknown> {
  const longest = Math.max(1, ...labels.map((l) => l.length));
  // same estimate as vega's for 11 px labels, with a little room between neighbours
  const fits = longest * 6.5 + 8 <= WIDTH / Math.max(1, labels.length);
  // upright labels: slanted ones look lighter but their boxes still collide when bands are narrow
  return fits ? { labelAngle: 0 } : { labelAngle: -90, labelAlign: 'right', labelBaseline: 'middle', labelLimit: 140 };
}
