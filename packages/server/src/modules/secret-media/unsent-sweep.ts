// Encrypted attachments uploaded but never sent (a client that crashed or gave up between upload
// and send): a blob whose message never came (seq null) is deleted with its bytes once it is older
// than SECRET_BLOB_UNSENT_TTL_SECONDS, which frees the uploader's quota. Runs with the periodic
// sweeps on every node: each row is deleted only while it is still unsent (a send that links it
// first wins), so two nodes never both count it, and the bytes go only when no blob or media item
// names them any more (storage is content-addressed).
import type { AppContext } from '../../context.js';
import type { MediaService } from '../media/service.js';
import { startPeriodicSweep, type Sweeper } from '../message-actions/periodic-sweep.js';
import { releaseHashes } from '../media/service.js';

const BATCH = 200;

/** Deletes one blob if it is still unsent; also returns the hashes whose bytes may go. */
async function dropUnsent(ctx: AppContext, id: string, hash: string): Promise<{ deleted: boolean; orphans: string[] }> {
  const { value } = await ctx.storage.write(async (tx) => {
    const r = await tx.db.deleteFrom('mls_blobs').where('id', '=', id).where('seq', 'is', null).executeTakeFirst();
    if (Number(r.numDeletedRows) === 0) return { deleted: false, orphans: [] };
    return { deleted: true, orphans: await releaseHashes(tx, [hash]) };
  });
  return value;
}

/** Deletes every blob uploaded before `now` minus the TTL and still not sent; returns how many. */
export async function sweepUnsentBlobs(ctx: AppContext, media: MediaService, now: Date): Promise<number> {
  const before = new Date(now.getTime() - ctx.config.SECRET_BLOB_UNSENT_TTL_SECONDS * 1000).toISOString();
  let deleted = 0;
  for (;;) {
    const due = await ctx.storage.read
      .selectFrom('mls_blobs')
      .select(['id', 'hash'])
      .where('seq', 'is', null)
      .where('created_at', '<', before)
      .orderBy('created_at')
      .limit(BATCH)
      .execute();
    let round = 0;
    for (const b of due) {
      const r = await dropUnsent(ctx, b.id, b.hash);
      if (r.deleted) round += 1;
      for (const hash of r.orphans) await media.dropBlob(hash);
    }
    deleted += round;
    if (due.length < BATCH || round === 0) return deleted;
  }
}

export function startUnsentBlobSweeper(ctx: AppContext, media: MediaService): Sweeper {
  return startPeriodicSweep(ctx, 'unsent secret blob sweep', (c, now) => sweepUnsentBlobs(c, media, now));
}
