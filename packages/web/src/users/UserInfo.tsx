// The other person of a direct chat: who they are, block or unblock them, report them (with a
// reason, a comment, and blocking at the same time if wished), and the chat's gallery.
import { useEffect, useState, type FormEvent } from 'react';
import { ReportReason, type User } from '@anytime/protocol';
import { Panel } from '../app/Panel.js';
import { LazyGallery } from '../media/gallery/LazyGallery.js';
import { useClient } from '../client/client-context.js';
import { errorText } from '../client/error-text.js';
import { strings } from '../strings.js';
import { useUsers } from './use-users.js';
import '../settings/settings.css';

type Reason = (typeof ReportReason.options)[number];

export interface UserInfoProps {
  userId: string;
  onClose: () => void;
  /** The direct chat with this person, for its gallery; opening an item shows its message. */
  gallery?: { conversationId: string; onOpenMessage: (messageId: string) => void };
}

export function UserInfo({ userId, onClose, gallery }: UserInfoProps) {
  const client = useClient();
  const t = strings.userInfo;
  const user: User | undefined = useUsers([userId])(userId);
  const [blocked, setBlocked] = useState<boolean | null>(null);
  const [reason, setReason] = useState<Reason>('spam');
  const [comment, setComment] = useState('');
  const [alsoBlock, setAlsoBlock] = useState(false);
  const [reported, setReported] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    client.api('listBlocks').then(
      (r) => live && setBlocked(r.blocks.some((b) => b.userId === userId)),
      (e: unknown) => live && setError(errorText(e)),
    );
    return () => {
      live = false;
    };
  }, [client, userId]);

  async function toggleBlock() {
    setError(null);
    try {
      if (blocked) await client.api('unblockUser', { params: { id: userId } });
      else await client.api('blockUser', { body: { userId } });
      setBlocked(!blocked);
    } catch (e) {
      setError(errorText(e));
    }
  }
  async function report(e: FormEvent) {
    e.preventDefault();
    setError(null);
    try {
      await client.api('report', {
        body: {
          clientId: crypto.randomUUID(),
          userId,
          reason,
          ...(comment.trim() ? { comment: comment.trim() } : {}),
          ...(alsoBlock ? { block: true } : {}),
        },
      });
      setReported(true);
      if (alsoBlock) setBlocked(true);
    } catch (err) {
      setError(errorText(err));
    }
  }

  const name = user?.displayName ?? '';
  return (
    <Panel heading={t.heading} onClose={onClose} error={error}>
      <div>
        <p>
          <strong>{name}</strong> {user && <span className="hint">@{user.username}</span>}
        </p>
        {user?.about && <p>{user.about}</p>}
      </div>
      {blocked !== null && (
        <div>
          <button type="button" className={blocked ? undefined : 'danger'} onClick={() => void toggleBlock()}>
            {blocked ? t.unblock(name) : t.block(name)}
          </button>
        </div>
      )}
      <form onSubmit={(e) => void report(e)}>
        <fieldset>
          <legend>{t.reportHeading(name)}</legend>
          <label className="select">
            <span>{t.reason}</span>
            <select value={reason} onChange={(e) => setReason(e.target.value as Reason)}>
              {ReportReason.options.map((r) => (
                <option key={r} value={r}>
                  {t.reasons[r]}
                </option>
              ))}
            </select>
          </label>
          <label className="select">
            <span>{t.comment}</span>
            <input value={comment} onChange={(e) => setComment(e.target.value)} />
          </label>
          <label className="check">
            <input type="checkbox" checked={alsoBlock} onChange={(e) => setAlsoBlock(e.target.checked)} />
            <span>{t.alsoBlock}</span>
          </label>
          <div>
            <button type="submit">{t.report}</button>
            {reported && (
              <span role="status" className="saved">
                {' '}
                {t.reported}
              </span>
            )}
          </div>
        </fieldset>
      </form>
      {gallery && <LazyGallery {...gallery} />}
    </Panel>
  );
}
