// Read-aloud of text messages with the browser's speech synthesis: one message at a time
// (starting another stops the first), and which message is being read, for the action's label.
import { useSyncExternalStore } from 'react';

let speaking: string | null = null;
const listeners = new Set<() => void>();
const notify = () => listeners.forEach((l) => l());

export function canSpeak(): boolean {
  return (
    typeof window !== 'undefined' && 'speechSynthesis' in window && typeof SpeechSynthesisUtterance !== 'undefined'
  );
}

/** Reads `text` aloud, stopping whatever was being read. */
export function speak(messageId: string, text: string, lang?: string): void {
  if (!canSpeak()) return;
  window.speechSynthesis.cancel();
  const u = new SpeechSynthesisUtterance(text);
  if (lang) u.lang = lang;
  const done = () => {
    if (speaking === messageId) {
      speaking = null;
      notify();
    }
  };
  u.onend = done;
  u.onerror = done;
  speaking = messageId;
  notify();
  window.speechSynthesis.speak(u);
}

export function stopSpeaking(): void {
  if (!canSpeak()) return;
  window.speechSynthesis.cancel();
  speaking = null;
  notify();
}

export function speakingId(): string | null {
  return speaking;
}

export function useSpeakingId(): string | null {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => speaking,
    () => null,
  );
}
