// Encrypted attachments uploaded but never sent (a client that crashed or gave up between upload
// and send): a blob whose message never came (seq null) is deleted with its bytes once it is older
// than SECRET_BLOB_UNSENT_TTL_SECONDS, which frees the uploader's quota. Runs with the periodic
// sweeps on every node: each row is deleted only while it is still unsent (a send that links it
// first wins), so two nodes never both count it, and the bytes go only when no blob or media item
// names them any more (storage is content-addressed).
import type { AppContext } from '../../context.js';
import { blobInUse, type MediaService } from '../media/service.js';
import { startPeriodicSweep, type Sweeper } from '../message-actions/periodic-sweep.js';

const BATCH = 200;

/** Deletes one unsent blob if it is still unsent; the hash whose bytes may go, or null. */
async function dropUnsent(ctx: AppContext, id: string, hash: string): Promise<{ deleted: boolean; orphan: boolean }> {
  const { value } = await ctx.storage.write(async (tx) => {
    const r = await tx.db.deleteFrom('mls_blobs').where('id', '=', id).where('seq', 'is', null).executeTakeFirst();
    if (Number(r.numDeletedRows) === 0) return { deleted: false, orphan: false };
    if (await blobInUse(tx, hash)) return { deleted: true, orphan: false };
    await tx.db.deleteFrom('blobs').where('hash', '=', hash).execute();
    return { deleted: true, orphan: true };
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
      if (r.orphan) await media.dropBlob(b.hash);
    }
    deleted += round;
    if (due.length < BATCH || round === 0) return deleted;
  }
}

export function startUnsentBlobSweeper(ctx: AppContext, media: MediaService): Sweeper {
  return startPeriodicSweep(ctx, 'unsent secret blob sweep', (c, now) => sweepUnsentBlobs(c, media, now));
}
