import { describe, expect, it } from 'vitest';
import { barChartSvg, peersChart, resultsChart } from './charts.js';

describe('bench charts', () => {
  it('draws one bar per backend per scenario, scaled within the scenario, with the values written', () => {
    const chart = resultsChart([
      { backend: 'sqlite', id: 'a', scenario: 'durable sends', value: 600, unit: 'msgs/s' },
      { backend: 'postgres', id: 'a', scenario: 'durable sends', value: 300, unit: 'msgs/s' },
      { backend: 'sqlite', id: 'c', scenario: 'p99 <at> 500/s', value: 30, unit: 'ms' },
    ]);
    expect(chart.groups.map((g) => [g.label, g.higherIsBetter, g.bars.length])).toEqual([
      ['a. durable sends', true, 2],
      ['c. p99 <at> 500/s', false, 1],
    ]);
    const svg = barChartSvg(chart);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    // The larger value of a block gets the full width, the other half of it.
    expect(svg).toContain('width="470" height="14"');
    expect(svg).toContain('width="235" height="14"');
    expect(svg).toContain('>600<');
    expect(svg).toContain('c. p99 &lt;at&gt; 500/s (ms, lower is better)');
    // Each series keeps its colour across blocks.
    const sqliteFills = [...svg.matchAll(/<rect x="\d+" y="\d+" width="\d+" height="14" fill="([^"]+)"/g)].map(
      (m) => m[1],
    );
    expect(sqliteFills[0]).toBe(sqliteFills[2]);
    expect(sqliteFills[0]).not.toBe(sqliteFills[1]);
  });

  it('charts only the headline metrics of the side-by-side run', () => {
    const m = (key: string, value: number, headline: boolean) => ({
      key,
      label: key,
      unit: 'msgs/CPU-s',
      value,
      higherIsBetter: true,
      headline,
    });
    const chart = peersChart([
      { label: 'Anytime', metrics: [m('per-cpu', 7000, true), m('raw', 6000, false)] },
      { label: 'ejabberd', metrics: [m('per-cpu', 700, true)] },
    ]);
    expect(chart.groups).toEqual([
      {
        label: 'per-cpu',
        unit: 'msgs/CPU-s',
        higherIsBetter: true,
        bars: [
          { series: 'Anytime', value: 7000 },
          { series: 'ejabberd', value: 700 },
        ],
      },
    ]);
  });
});
