// The Markdown section `npm run bench -- --peers` writes into docs/benchmarks.md: one table of
// every metric per server with the Anytime/peer ratios, the aims against the peers, what was
// run, and each scenario's notes. Pure: tested in report.test.ts.
import { formatValue } from '../format.js';
import type { Machine } from '../machine.js';
import { ratios, PEER_AIMS, type Metric, type MetricKey, type RatioAim, type TargetResults } from './metrics.js';
import type { CompareOutcome } from './scenarios.js';

export interface PeersTargetReport extends TargetResults {
  ackMeaning: string;
  outcomes: CompareOutcome[];
}

export interface PeersReportInput {
  date: string;
  quick: boolean;
  machine: Machine;
  backgroundCpuPercent: number | undefined;
  serverCpus: string;
  loadCpus: string;
  /** What was run, one line each (sizes, durations, configs). */
  method: string[];
  targets: PeersTargetReport[];
  problems: string[];
}

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const SHORT: Record<TargetResults['key'], string> = {
  'anytime-sqlite': 'SQLite',
  'anytime-postgres': 'PostgreSQL',
  ejabberd: 'ejabberd (Mnesia)',
  'ejabberd-sqlite': 'ejabberd (SQLite)',
  prosody: 'Prosody',
};
const shortName = (t: TargetResults) => SHORT[t.key];

export function formatRatioCell(r: number | undefined): string {
  return r === undefined ? '-' : `${r.toFixed(2)}x`;
}

/** Every metric key in first-seen order across targets. */
function metricOrder(targets: readonly TargetResults[]): Metric[] {
  const seen = new Map<MetricKey, Metric>();
  for (const t of targets) for (const m of t.metrics) if (!seen.has(m.key)) seen.set(m.key, m);
  return [...seen.values()];
}

export function formatMetricTable(targets: readonly TargetResults[]): string[] {
  const anytimes = targets.filter((t) => t.key.startsWith('anytime'));
  const peers = targets.filter((t) => !t.key.startsWith('anytime'));
  const cells = ratios(targets);
  const combos = anytimes.flatMap((a) => peers.map((p) => ({ a, p })));
  const head = [
    'metric',
    ...targets.map((t) => t.label),
    ...combos.map(({ a, p }) => `${shortName(a)} vs ${shortName(p)}`),
  ];
  const out = [
    `| ${head.map(cell).join(' | ')} |`,
    `|---|${targets.map(() => '---:').join('|')}|${combos.map(() => '---:').join('|')}|`,
  ];
  for (const m of metricOrder(targets)) {
    const values = targets.map((t) => {
      const v = t.metrics.find((x) => x.key === m.key);
      return v ? formatValue(v.value) : '-';
    });
    const rs = combos.map(
      ({ a, p }) => cells.find((c) => c.anytime === a.key && c.peer === p.key && c.metric === m.key)?.ratio,
    );
    const label = `${m.headline ? '**' : ''}${m.label} (${m.unit}, ${m.higherIsBetter ? 'higher' : 'lower'} is better)${m.headline ? '**' : ''}`;
    out.push(`| ${[label, ...values, ...rs.map(formatRatioCell)].map(cell).join(' | ')} |`);
  }
  return out;
}

export interface AimResult {
  aim: RatioAim;
  anytime: string;
  ratio: number | undefined;
  met: boolean;
}

export function checkPeerAims(targets: readonly TargetResults[], aims: readonly RatioAim[] = PEER_AIMS): AimResult[] {
  const cells = ratios(targets);
  const out: AimResult[] = [];
  for (const aim of aims) {
    for (const a of targets.filter((t) => t.key.startsWith('anytime'))) {
      const c = cells.find((x) => x.anytime === a.key && x.peer === aim.peer && x.metric === aim.metric);
      if (!c) continue;
      out.push({ aim, anytime: a.label, ratio: c.ratio, met: c.ratio !== undefined && c.ratio >= aim.atLeast });
    }
  }
  return out;
}

/** Other processes' CPU during the measured windows (the background measured before the run can miss them). */
export function busyDuring(targets: readonly PeersTargetReport[]): string[] {
  const seen = targets.flatMap((t) =>
    t.outcomes.map((o) => o.otherCpuPercent).filter((p): p is number => p !== undefined),
  );
  if (!seen.length) return [];
  const mean = seen.reduce((a, b) => a + b, 0) / seen.length;
  const max = Math.max(...seen);
  return [
    '',
    `During the measured windows, other processes (not the server, PostgreSQL or the load generator) used on average ${Math.round(mean)}% and at most ${Math.round(max)}% of one core` +
      (max > 20 ? ": the machine was shared with other work, and each row's notes give that window's figure." : '.'),
  ];
}

export function formatPeersSection(input: PeersReportInput): string {
  const m = input.machine;
  const bg = input.backgroundCpuPercent;
  const busy = bg !== undefined && bg > 20;
  const out: string[] = [
    `Latest side-by-side run: ${input.date}${input.quick ? ' (**--quick smoke test: durations too short to quote**)' : ''}, ` +
      `on ${m.cpus} x ${m.cpuModel}, ${formatValue(m.memoryBytes / 1024 ** 3)} GiB RAM, ${m.os}, Node ${m.node}. ` +
      `Each server pinned with \`taskset\` to CPU ${input.serverCpus}, the load generator to CPU ${input.loadCpus}. ` +
      (bg === undefined
        ? 'Background CPU not measured.'
        : `Before the run, other processes were using ${Math.round(bg)}% of one core` +
          (busy
            ? ': **the machine was busy** (other test suites were running), so every number here is noisier and lower than on a quiet machine; the servers ran one after another, so each met whatever load the machine had at its turn (see the figures per window below and in the notes of each row). To be re-run on a quiet machine.'
            : '.')),
    ...busyDuring(input.targets),
    '',
    'Ratios: how many times better Anytime is than the peer on that metric (Anytime ÷ peer when higher is better, ' +
      'peer ÷ Anytime for latencies), so above 1 means Anytime is better. Bold rows are the per-resource headline numbers.',
    '',
    ...formatMetricTable(input.targets),
    '',
  ];
  const aims = checkPeerAims(input.targets);
  if (aims.length) {
    out.push('| aim | Anytime backend | ratio | met |', '|---|---|---:|---|');
    for (const a of aims)
      out.push(`| ${cell(a.aim.label)} | ${cell(a.anytime)} | ${formatRatioCell(a.ratio)} | ${a.met ? 'yes' : 'no'} |`);
    out.push('');
  }
  out.push('How it was run:', '', ...input.method.map((l) => `- ${l}`), '', 'What "acked" means on each server:', '');
  for (const t of input.targets) out.push(`- **${t.label}**: ${t.ackMeaning}.`);
  out.push('', '| server | scenario | notes |', '|---|---|---|');
  for (const t of input.targets) {
    for (const o of t.outcomes) out.push(`| ${cell(t.label)} | ${cell(o.scenario)} | ${cell(o.notes.join('; '))} |`);
  }
  out.push('');
  const problems = [
    ...input.problems,
    ...input.targets.flatMap((t) => t.outcomes.flatMap((o) => o.problems.map((p) => `${t.label}: ${p}`))),
  ];
  if (problems.length) out.push('Problems seen during the run:', '', ...problems.map((p) => `- ${p}`));
  else
    out.push(
      'Correctness: on every server, every acked message reached every receiver exactly once (and in order in direct chats).',
    );
  return out.join('\n');
}
