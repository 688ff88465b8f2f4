// The page's charts: Vega-Lite specs rendered to SVG on the server (no script reaches the
// browser). Each chart's runtime is parsed once per unit; a chart already drawn for the same
// numbers is served from a small cache, since most visits repeat the same week's figures.
import * as vega from 'vega';
import * as vl from 'vega-lite';
import type { Trend } from '../../core/review/page.js';
import { CHART } from './limits.js';

export interface ChartPoint {
  label: string;
  value: number | null;
}

const Y_TITLE: Record<Trend['unit'], string> = { '%': 'percent', count: 'count', hours: 'hours' };

/** The spec for one unit; the weeks and their numbers come in as the `points` dataset. */
function specFor(unit: Trend['unit']): vl.TopLevelSpec {
  return {
    width: CHART.width,
    height: CHART.height,
    background: 'white',
    padding: 4,
    data: { name: 'points' },
    mark: { type: 'bar', color: CHART.color, tooltip: false },
    encoding: {
      x: { field: 'label', type: 'ordinal', sort: null, title: null, scale: { domain: { data: 'points', field: 'label' } as never }, axis: { labelAngle: -45, labelFontSize: 11 } },
      y: {
        field: 'value',
        type: 'quantitative',
        title: Y_TITLE[unit],
        ...(unit === '%' ? { scale: { domain: [0, 100] } } : {}),
        axis: { tickMinStep: 1, labelFontSize: 11, titleFontSize: 11 },
      },
    },
    config: { font: 'sans-serif', view: { stroke: null } },
  } as vl.TopLevelSpec;
}

const runtimes = new Map<string, vega.Runtime>();

function runtimeFor(unit: Trend['unit']): vega.Runtime {
  let r = runtimes.get(unit);
  if (!r) {
    r = vega.parse(vl.compile(specFor(unit)).spec);
    runtimes.set(unit, r);
  }
  return r;
}

const cache = new Map<string, string>();

/** Forgets every chart drawn (the benchmark measures drawing, not the cache). */
export function forgetCharts(): void {
  cache.clear();
}

/** One chart as an SVG string: a bar per week that has a number (weeks without one stay empty). */
export async function chartSvg(unit: Trend['unit'], points: ChartPoint[], description: string): Promise<string> {
  const key = JSON.stringify([unit, points, description]);
  const hit = cache.get(key);
  if (hit !== undefined) {
    // Most recently used last, so the oldest is the one dropped.
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const view = new vega.View(runtimeFor(unit), { renderer: 'none' });
  try {
    // Every week keeps its place on the axis; a week without a number draws no bar.
    view.data('points', points.map((p) => ({ label: p.label, value: p.value })));
    view.description(description);
    const svg = await view.toSVG();
    cache.set(key, svg);
    if (cache.size > CHART.cacheEntries) cache.delete(cache.keys().next().value!);
    return svg;
  } finally {
    view.finalize();
  }
}
