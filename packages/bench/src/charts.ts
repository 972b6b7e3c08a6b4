// SVG bar charts of a run for docs/benchmarks.md: one block per metric, one bar per server or
// backend, each block scaled to its own largest value (metrics have different units), with
// the value written beside each bar. Pure string building, no dependencies; tested in
// charts.test.ts.
import { formatValue } from './format.js';

export interface ChartGroup {
  label: string;
  unit: string;
  higherIsBetter: boolean;
  bars: { series: string; value: number }[];
}

export interface Chart {
  title: string;
  groups: ChartGroup[];
}

const COLORS = ['#2563eb', '#16a34a', '#d97706', '#9333ea', '#dc2626', '#0891b2'];
const BAR_MAX = 470;
/** Room for the value written after the longest bar. */
const VALUE_W = 90;
/** Average width of a character at font-size 12, for sizing the label column. */
const CHAR_W = 6.6;
const BAR_H = 14;
const GAP = 4;
const GROUP_HEAD = 20;
const GROUP_GAP = 12;

const escape = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The series in first-seen order: each gets one colour in every group. */
function seriesOf(chart: Chart): string[] {
  const seen: string[] = [];
  for (const g of chart.groups) for (const b of g.bars) if (!seen.includes(b.series)) seen.push(b.series);
  return seen;
}

export function barChartSvg(chart: Chart): string {
  const series = seriesOf(chart);
  const color = (s: string) => COLORS[series.indexOf(s) % COLORS.length]!;
  // Each bar is labelled with its series, so no legend is needed.
  const labelW = 20 + Math.ceil(Math.max(0, ...series.map((s) => s.length)) * CHAR_W);
  const width = Math.max(labelW + BAR_MAX + VALUE_W, 760);
  const parts: string[] = [];
  let y = 34;
  parts.push(`<text x="10" y="20" font-size="15" font-weight="bold">${escape(chart.title)}</text>`);
  for (const g of chart.groups) {
    const max = Math.max(...g.bars.map((b) => b.value), 0);
    const better = g.higherIsBetter ? 'higher is better' : 'lower is better';
    parts.push(
      `<text x="10" y="${y + 14}" font-size="13" font-weight="bold">${escape(`${g.label} (${g.unit}, ${better})`)}</text>`,
    );
    y += GROUP_HEAD;
    for (const b of g.bars) {
      const w = max > 0 ? Math.max(1, Math.round((b.value / max) * BAR_MAX)) : 1;
      parts.push(`<text x="10" y="${y + BAR_H - 3}" font-size="12">${escape(b.series)}</text>`);
      parts.push(`<rect x="${labelW}" y="${y}" width="${w}" height="${BAR_H}" fill="${color(b.series)}"/>`);
      parts.push(
        `<text x="${labelW + w + 6}" y="${y + BAR_H - 3}" font-size="12">${escape(formatValue(b.value))}</text>`,
      );
      y += BAR_H + GAP;
    }
    y += GROUP_GAP;
  }
  const height = y + 4;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    ...parts,
    '</svg>',
    '',
  ].join('\n');
}

const LOWER_IS_BETTER_UNITS = new Set(['ms', 's']);

/** `npm run bench`: one block per scenario, one bar per backend. */
export function resultsChart(
  rows: readonly { backend: string; id: string; scenario: string; value: number; unit: string }[],
): Chart {
  const groups = new Map<string, ChartGroup>();
  for (const r of rows) {
    let g = groups.get(r.id);
    if (!g) {
      g = {
        label: `${r.id}. ${r.scenario}`,
        unit: r.unit,
        higherIsBetter: !LOWER_IS_BETTER_UNITS.has(r.unit),
        bars: [],
      };
      groups.set(r.id, g);
    }
    g.bars.push({ series: r.backend, value: r.value });
  }
  return { title: 'Anytime benchmark, latest run (docs/benchmarks.md)', groups: [...groups.values()] };
}

/** `npm run bench -- --peers`: the headline per-resource metrics, one bar per server. */
export function peersChart(
  targets: readonly {
    label: string;
    metrics: readonly {
      key: string;
      label: string;
      unit: string;
      value: number;
      higherIsBetter: boolean;
      headline: boolean;
    }[];
  }[],
): Chart {
  const groups = new Map<string, ChartGroup>();
  for (const t of targets) {
    for (const m of t.metrics) {
      if (!m.headline) continue;
      let g = groups.get(m.key);
      if (!g) {
        g = { label: m.label, unit: m.unit, higherIsBetter: m.higherIsBetter, bars: [] };
        groups.set(m.key, g);
      }
      g.bars.push({ series: t.label, value: m.value });
    }
  }
  return {
    title: 'Side by side with ejabberd and Prosody, latest run (docs/benchmarks.md)',
    groups: [...groups.values()],
  };
}
