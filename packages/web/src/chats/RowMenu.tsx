// The actions of one chat in the list: pin, mute (for a while or for good), archive, mark as
// read, leave a group. Opened from the row's ⋯ button, a right click, or the keyboard.
import { useState } from 'react';
import { isMutedAt, type ConversationState } from '@anytime/protocol';
import { strings } from '../strings.js';
import { MenuList, type MenuItem } from './MenuList.js';
import { MUTE_OPTIONS, mutedUntilFor } from './mute-options.js';

export type RowAction =
  | { type: 'pin'; pinned: boolean }
  | { type: 'mute'; mutedUntil: string | null }
  | { type: 'archive'; archived: boolean }
  | { type: 'markRead' }
  | { type: 'leave' };

export interface RowMenuProps {
  title: string;
  state: ConversationState;
  isGroup: boolean;
  onAction: (a: RowAction) => void;
  onClose: () => void;
  now?: () => Date;
}

export function RowMenu({ title, state, isGroup, onAction, onClose, now = () => new Date() }: RowMenuProps) {
  const [muting, setMuting] = useState(false);
  const t = strings.chatList;
  const act = (a: RowAction) => () => {
    onAction(a);
    onClose();
  };
  if (muting) {
    return (
      <MuteMenu
        title={title}
        onChoose={(mutedUntil) => act({ type: 'mute', mutedUntil })()}
        onClose={onClose}
        now={now}
      />
    );
  }
  const muted = isMutedAt(state, now().toISOString());
  const items: MenuItem[] = [
    { key: 'pin', label: state.pinnedAt ? t.unpin : t.pin, onSelect: act({ type: 'pin', pinned: !state.pinnedAt }) },
    muted
      ? { key: 'mute', label: t.unmute, onSelect: act({ type: 'mute', mutedUntil: null }) }
      : { key: 'mute', label: t.mute, onSelect: () => setMuting(true) },
    {
      key: 'archive',
      label: state.archived ? t.unarchive : t.archive,
      onSelect: act({ type: 'archive', archived: !state.archived }),
    },
    ...(state.unreadCount > 0 ? [{ key: 'read', label: t.markRead, onSelect: act({ type: 'markRead' }) }] : []),
    ...(isGroup ? [{ key: 'leave', label: t.leave, danger: true, onSelect: act({ type: 'leave' }) }] : []),
  ];
  return <MenuList label={t.menuLabel(title)} items={items} onClose={onClose} />;
}

export interface MuteMenuProps {
  title: string;
  onChoose: (mutedUntil: string) => void;
  onClose: () => void;
  now?: () => Date;
}

export function MuteMenu({ title, onChoose, onClose, now = () => new Date() }: MuteMenuProps) {
  const items = MUTE_OPTIONS.map((o) => ({
    key: o,
    label: strings.chatList.muteFor[o],
    onSelect: () => onChoose(mutedUntilFor(o, now())),
  }));
  return <MenuList label={strings.chatList.muteMenuLabel(title)} items={items} onClose={onClose} />;
}
