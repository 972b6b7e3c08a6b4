// The shape every scenario returns: one headline value for the results table plus the
// delivery check and anything odd that was seen.
import type { DeliveryReport } from '../delivery-ledger.js';
import type { LatencySummary } from '../histogram.js';
import type { ResourceUsage } from '../proc-stats.js';

export interface ScenarioResult {
  id: string;
  /** What the row shows, e.g. "50 senders, window 16". */
  scenario: string;
  value: number;
  unit: string;
  notes: string[];
  delivery: DeliveryReport;
  usage?: ResourceUsage;
  latency?: { deliver: LatencySummary; ack: LatencySummary };
  /** Things that went wrong: error frames, unexpected closes, schema mismatches. */
  problems: string[];
}
