import { parse, resetSVGDefIds, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

/** Looks shared by every chart: legible on screen and in print. */
export const CONFIG = {
  font: 'system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif',
  title: { fontSize: 14, anchor: 'start', subtitleFontSize: 11, subtitleColor: '#555' },
  axis: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal', grid: true, gridColor: '#e6e6e6' },
  legend: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal', titleLimit: 300, labelLimit: 260, symbolOpacity: 1 },
  view: { stroke: null },
  background: 'white',
} as const;

/**
 * Compiles a vega-lite spec to vega and renders it headless to an SVG string.
 * SVG needs no canvas package: text widths are estimated, which is why labels are
 * kept short. Ids of gradients and clip paths come from one counter per process,
 * so the SVGs of one report never share an id when inlined in one page.
 */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const vg = compile({ ...spec, config: { ...CONFIG, ...(spec.config ?? {}) } } as TopLevelSpec).spec;
  const view = new View(parse(vg), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** Restarts the gradient and clip-path id counter (ids need only be unique within one page). */
export function resetIds(): void {
  resetSVGDefIds();
}
