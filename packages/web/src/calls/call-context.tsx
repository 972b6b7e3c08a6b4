// Hands the tab's CallController to the chat header (call buttons), the timeline (call back) and
// the call screens. Components outside a CallProvider (unit tests of the timeline) get null and
// show no call buttons.
import { createContext, useContext, useSyncExternalStore } from 'react';
import type { CallController, CallView, LocalMediaState } from './call-controller.js';

export const CallContext = createContext<CallController | null>(null);

export function useCallController(): CallController | null {
  return useContext(CallContext);
}

const IDLE: CallView = { phase: 'idle' };
const noop = () => () => undefined;

export function useCallView(controller: CallController | null): CallView {
  return useSyncExternalStore(controller?.subscribe ?? noop, controller?.snapshot ?? (() => IDLE));
}

export function useLocalMedia(controller: CallController): LocalMediaState {
  return useSyncExternalStore(controller.subscribe, controller.localState);
}
