// Starting something new: a direct chat found by username, or a group.
import type { Conversation, User } from '@anytime/protocol';
import type { UserDirectory } from '../users/user-directory.js';
import { NewDirectChat } from './NewDirectChat.js';
import { NewGroupForm } from './NewGroupForm.js';
import { NewSecretChat } from '../secret/NewSecretChat.js';

export interface NewChatPanelProps {
  me: User;
  directory: UserDirectory;
  onCreated: (c: Conversation) => void;
}

export function NewChatPanel({ me, directory, onCreated }: NewChatPanelProps) {
  return (
    <div className="new-chat">
      <NewDirectChat me={me} directory={directory} onCreated={onCreated} />
      <NewGroupForm onCreated={onCreated} />
      <NewSecretChat onCreated={onCreated} />
    </div>
  );
}
