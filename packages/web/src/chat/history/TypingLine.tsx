// "Alice is typing…" under the history (and, with the same text, in the chat header).
import { strings } from '../../strings.js';

export const typingText = (names: readonly string[]): string | null =>
  names.length === 0 ? null : strings.history.typing([...names]);

export function TypingLine({ names }: { names: readonly string[] }) {
  const text = typingText(names);
  return (
    <p className="typing-line" aria-live="polite">
      {text}
    </p>
  );
}
