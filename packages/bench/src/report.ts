// Results as rows, the aims they are compared with, and both renderings: the console table
// and the Markdown section written into docs/benchmarks.md.
import { formatValue } from './format.js';
import type { Machine } from './machine.js';

export interface ResultRow {
  backend: string;
  /** Scenario id, e.g. "b16". */
  id: string;
  scenario: string;
  value: number;
  unit: string;
  notes: string[];
}

export interface Aim {
  scenarioId: string;
  label: string;
  /** "atLeast": value >= target; "below": value < target. */
  kind: 'atLeast' | 'below';
  target: number;
  unit: string;
}

export const AIMS: readonly Aim[] = [
  {
    scenarioId: 'b1',
    label: '>= 5,000 durable msgs/s with 50 senders',
    kind: 'atLeast',
    target: 5_000,
    unit: 'msgs/s',
  },
  {
    scenarioId: 'b16',
    label: '>= 5,000 durable msgs/s with 50 senders',
    kind: 'atLeast',
    target: 5_000,
    unit: 'msgs/s',
  },
  { scenarioId: 'c', label: 'send->deliver p99 < 20 ms at 500 msgs/s', kind: 'below', target: 20, unit: 'ms' },
  {
    scenarioId: 'l',
    label: 'send->deliver p99 < 50 ms at half the maximum load',
    kind: 'below',
    target: 50,
    unit: 'ms',
  },
  { scenarioId: 'f', label: 'search p99 < 100 ms over 1,000,000 messages', kind: 'below', target: 100, unit: 'ms' },
  { scenarioId: 'j', label: '2 nodes >= 1.8x one node', kind: 'atLeast', target: 1.8, unit: 'x' },
  {
    scenarioId: 'e',
    label: '>= 50,000 deliveries/s in a 10,000-member group, 2,000 connected',
    kind: 'atLeast',
    target: 50_000,
    unit: 'deliveries/s',
  },
];

export interface AimCheck {
  aim: Aim;
  row: ResultRow;
  /** How many times better than the aim: value/target for "atLeast", target/value for "below". */
  ratio: number;
  met: boolean;
}

export function checkAims(rows: readonly ResultRow[], aims: readonly Aim[] = AIMS): AimCheck[] {
  const checks: AimCheck[] = [];
  for (const aim of aims) {
    for (const row of rows.filter((r) => r.id === aim.scenarioId)) {
      const ratio = aim.kind === 'atLeast' ? row.value / aim.target : row.value > 0 ? aim.target / row.value : Infinity;
      const met = aim.kind === 'atLeast' ? row.value >= aim.target : row.value < aim.target;
      checks.push({ aim, row, ratio, met });
    }
  }
  return checks;
}

export function formatRatio(ratio: number): string {
  return Number.isFinite(ratio) ? `${ratio.toFixed(2)}x` : 'inf';
}

/** The console rendering: aligned columns, each row's notes indented below it. */
export function formatConsoleTable(rows: readonly ResultRow[], checks: readonly AimCheck[]): string {
  const head = ['backend', 'scenario', 'value', 'unit'];
  const cells = rows.map((r) => [r.backend, `${r.id}. ${r.scenario}`, formatValue(r.value), r.unit]);
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? '').length)));
  const line = (c: string[]) =>
    c
      .map((s, i) => (i === 2 ? s.padStart(widths[i] ?? 0) : s.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  const out = [line(head), widths.map((w) => '-'.repeat(w)).join('  ')];
  rows.forEach((r, i) => {
    out.push(line(cells[i] ?? []));
    for (const n of r.notes) out.push(`      ${n}`);
  });
  if (checks.length) {
    out.push('', 'aims:');
    for (const c of checks) {
      out.push(
        `  ${c.met ? 'MET    ' : 'NOT MET'} ${c.aim.label} [${c.row.backend} ${c.row.id}]: ` +
          `${formatValue(c.row.value)} ${c.row.unit}, ${formatRatio(c.ratio)} the aim`,
      );
    }
  }
  return out.join('\n');
}

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export interface MarkdownInput {
  date: string;
  quick: boolean;
  machine: Machine;
  /** CPU other processes used just before the run, % of one core (undefined: not measured). */
  backgroundCpuPercent?: number | undefined;
  rows: readonly ResultRow[];
  checks: readonly AimCheck[];
  /** Correctness findings and anything odd, one line each; empty when all was well. */
  problems: readonly string[];
}

/** The generated part of docs/benchmarks.md (without the markers). */
export function formatMarkdownSection(input: MarkdownInput): string {
  const m = input.machine;
  const out = [
    `Latest run: ${input.date}${input.quick ? ' (**--quick smoke test: durations too short to quote**)' : ''}, ` +
      `on ${m.cpus} x ${m.cpuModel}, ${formatValue(m.memoryBytes / 1024 ** 3)} GiB RAM, ${m.os}, Node ${m.node}. ` +
      'Server and load generator share the machine' +
      (input.backgroundCpuPercent === undefined
        ? '.'
        : `; before the run, other processes were using ${Math.round(input.backgroundCpuPercent)}% of one core.`),
    '',
    '| date | backend | scenario | value | unit | notes |',
    '|---|---|---|---:|---|---|',
    ...input.rows.map(
      (r) =>
        `| ${cell(input.date)} | ${cell(r.backend)} | ${cell(`${r.id}. ${r.scenario}`)} | ${formatValue(r.value)} | ` +
        `${cell(r.unit)} | ${cell(r.notes.join('; '))} |`,
    ),
    '',
    'Against the aims (ratio: how many times better than the aim; above 1 means met):',
    '',
    '| aim | backend | scenario | measured | ratio | met |',
    '|---|---|---|---:|---:|---|',
    ...input.checks.map(
      (c) =>
        `| ${cell(c.aim.label)} | ${cell(c.row.backend)} | ${c.row.id} | ${formatValue(c.row.value)} ${cell(c.row.unit)} | ` +
        `${formatRatio(c.ratio)} | ${c.met ? 'yes' : 'no'} |`,
    ),
    '',
  ];
  if (input.problems.length) {
    out.push('Problems seen during the run:', '', ...input.problems.map((p) => `- ${p}`));
  } else {
    out.push('Correctness: every acked message reached every receiver exactly once, in seq order, in every scenario.');
  }
  return out.join('\n');
}
