// Moderators' view of reports, for operators (there is no moderator role in the API yet):
// `npm run reports -w packages/server [-- --limit N]` prints the newest reports as JSON lines,
// each with its copies of the reported messages. Reads the same DATA_DIR / DATABASE_URL as the
// server (see docs/operations.md).
import { pathToFileURL } from 'node:url';
import { loadConfig } from './config.js';
import { listReports } from './modules/safety/reports.js';
import { openStorage } from './storage/open.js';

export async function runReportsCli(
  env: Record<string, string | undefined>,
  args: string[],
  write: (line: string) => void,
): Promise<number> {
  const i = args.indexOf('--limit');
  const limit = i >= 0 ? Number(args[i + 1]) : 100;
  if (!Number.isInteger(limit) || limit < 1) throw new Error('--limit takes a positive whole number');
  const config = loadConfig(env);
  const storage = await openStorage(config, () => undefined);
  try {
    const reports = await listReports(storage.read, limit);
    for (const r of reports) write(JSON.stringify(r));
    return reports.length;
  } finally {
    await storage.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  runReportsCli(process.env, process.argv.slice(2), (l) => process.stdout.write(`${l}\n`)).catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
