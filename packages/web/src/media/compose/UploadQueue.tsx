// The sends of this chat whose attachments are still uploading or processing, drawn as pending
// bubbles under the history: each file's stage and percent, Cancel, and on failure the reason
// with Try again / Dismiss.
import { useClient } from '../../client/client-context.js';
import type { Attachment } from './attachment.js';
import { useObjectUrl } from './use-object-url.js';
import { strings } from '../../strings.js';
import { uploadStore, useUploads, type UploadJob } from './uploads.js';
import '../media.css';

export function UploadQueue({ conversationId }: { conversationId: string }) {
  const client = useClient();
  const jobs = useUploads(client, conversationId);
  if (jobs.length === 0) return null;
  const store = uploadStore(client);
  return (
    <div className="uploads">
      {jobs.map((job) => (
        <UploadBubble
          key={job.id}
          job={job}
          onCancel={() => store.cancel(job.id)}
          onRetry={() => store.retry(job.id)}
        />
      ))}
    </div>
  );
}

function UploadBubble({ job, onCancel, onRetry }: { job: UploadJob; onCancel: () => void; onRetry: () => void }) {
  const t = strings.media;
  return (
    <section className="upload-bubble" aria-label={t.sending}>
      {job.text && <p className="text">{job.text}</p>}
      {job.attachments.map((a) => {
        const p = job.progress[a.key];
        const done = a.key in job.uploaded;
        const stage = done ? null : p ? (t.stages[p.stage] ?? p.stage) : t.stages['uploading']!;
        const label = stage ? t.progress(stage, p?.percent ?? 0) : '✓';
        return (
          <div key={a.key} className="upload-row">
            <Thumb attachment={a} />
            <span className="name">{a.name}</span>
            {job.status === 'uploading' && !done && (
              <progress max={100} value={p?.percent ?? 0} aria-label={`${a.name}: ${label}`} />
            )}
            <span role="status">{job.status === 'uploading' || done ? label : ''}</span>
          </div>
        );
      })}
      {job.status === 'failed' ? (
        <p className="upload-row" role="alert">
          <span className="error-text">{t.uploadFailed(job.error ?? strings.errors.unknown)}</span>
          <button type="button" onClick={onRetry}>
            {t.retry}
          </button>
          <button type="button" onClick={onCancel}>
            {t.dismiss}
          </button>
        </p>
      ) : (
        <div className="upload-row">
          <button type="button" onClick={onCancel}>
            {t.cancelUpload}
          </button>
        </div>
      )}
    </section>
  );
}

function Thumb({ attachment: a }: { attachment: Attachment }) {
  const url = useObjectUrl(a.kind === 'image' ? a.file : null);
  return url ? <img className="upload-thumb" src={url} alt="" /> : null;
}
