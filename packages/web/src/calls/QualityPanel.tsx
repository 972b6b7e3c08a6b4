// The connection's numbers (RTT, jitter, loss, bitrates, direct or relayed path) for the curious,
// and the "poor connection" badge for everyone.
import type { CallStats } from '@anytime/sdk';
import { strings } from '../strings.js';
import { qualityLevel } from './quality.js';

export function PoorConnectionBadge({ stats }: { stats: CallStats | null }) {
  if (qualityLevel(stats) !== 'poor') return null;
  return (
    <span className="call-poor" role="status">
      {strings.calls.poorConnection}
    </span>
  );
}

export function QualityPanel({ stats }: { stats: CallStats | null }) {
  const t = strings.calls.stats;
  const rows: [string, string, string][] = [
    ['rtt', t.rtt, t.ms(stats?.rttMs ?? null)],
    ['jitter', t.jitter, t.ms(stats?.jitterMs ?? null)],
    ['loss', t.loss, t.pct(stats?.packetLossPct ?? null)],
    ['inbound', t.inbound, t.kbps(stats?.inboundKbps ?? 0)],
    ['outbound', t.outbound, t.kbps(stats?.outboundKbps ?? 0)],
    ['path', t.path, t.candidate(stats?.candidateType ?? null)],
  ];
  return (
    <section className="call-quality" aria-label={strings.calls.quality} data-quality={qualityLevel(stats)}>
      <h3>{strings.calls.quality}</h3>
      <dl>
        {rows.map(([key, name, value]) => (
          <div key={key} data-stat={key} data-candidate={key === 'path' ? (stats?.candidateType ?? '') : undefined}>
            <dt>{name}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
