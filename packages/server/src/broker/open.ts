// Chooses the broker from config: NATS when BROKER_URL is set, in-process otherwise.
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { Broker } from './broker.js';
import { MemoryBroker } from './memory.js';
import { NatsBroker } from './nats.js';

export async function openBroker(config: Pick<Config, 'BROKER_URL' | 'nodeId'>, log: Logger): Promise<Broker> {
  if (config.BROKER_URL) return NatsBroker.connect(config.BROKER_URL, `anytime-${config.nodeId}`, log);
  return new MemoryBroker();
}
