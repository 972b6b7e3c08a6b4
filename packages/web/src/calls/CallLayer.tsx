// Creates the tab's CallController for the signed-in person and shows the call screens over the
// app: incoming, outgoing/in call, and outcomes. The rest of the app reaches the controller
// through CallContext.
import { useEffect, useMemo, type ReactNode } from 'react';
import type { User } from '@anytime/protocol';
import { useClient } from '../client/client-context.js';
import { strings } from '../strings.js';
import type { UserDirectory } from '../users/user-directory.js';
import { CallController } from './call-controller.js';
import { CallContext, useCallView } from './call-context.js';
import { CallErrorScreen, CallOutcomeScreen } from './CallOutcomeScreen.js';
import { IncomingCallScreen } from './IncomingCallScreen.js';
import { InCallScreen } from './InCallScreen.js';
import './calls.css';

export function CallLayer({ me, directory, children }: { me: User; directory: UserDirectory; children: ReactNode }) {
  const client = useClient();
  const controller = useMemo(() => {
    return new CallController(client, me, {
      callerName: async (call) => {
        directory.request([call.callerId]);
        return directory.get(call.callerId)?.displayName ?? strings.chatList.someone;
      },
    });
  }, [client, me, directory]);
  useEffect(() => () => controller.close(), [controller]);
  const view = useCallView(controller);
  const deviceId = client.session?.deviceId ?? '';
  return (
    <CallContext.Provider value={controller}>
      {children}
      {view.phase === 'incoming' && <IncomingCallScreen call={view.call} me={me} controller={controller} />}
      {(view.phase === 'outgoing' || view.phase === 'active') && view.session && (
        <InCallScreen
          call={view.call}
          session={view.session}
          ringing={view.phase === 'outgoing'}
          me={me}
          deviceId={deviceId}
          controller={controller}
        />
      )}
      {view.phase === 'outcome' && (
        <CallOutcomeScreen call={view.call} reason={view.reason} me={me} controller={controller} />
      )}
      {view.phase === 'error' && <CallErrorScreen message={view.message} controller={controller} />}
    </CallContext.Provider>
  );
}
