// The call itself. 1:1: the other person full screen and the self view picture-in-picture.
// Groups: a grid of tiles (25 a page on wide screens, 6 on phones, with page buttons), screen
// shares and whoever speaks first. While an outgoing call rings it shows "Ringing…" and cancel.
import { useEffect, useMemo, useState } from 'react';
import type { Call, User } from '@anytime/protocol';
import type { CallSession } from '@anytime/sdk';
import { strings } from '../strings.js';
import type { CallController } from './call-controller.js';
import { useLocalMedia } from './call-context.js';
import { CallControls, type CallMenu } from './CallControls.js';
import { DevicesMenu } from './DevicesMenu.js';
import { EffectsMenu } from './EffectsMenu.js';
import { columnsFor, orderTiles, PAGE_SIZE, pageCount, pageOf } from './grid-layout.js';
import { ParticipantTile } from './ParticipantTile.js';
import { PoorConnectionBadge, QualityPanel } from './QualityPanel.js';
import { buildTiles } from './tiles.js';
import { useCallPeople } from './use-call-people.js';
import { useCallStats } from './use-call-stats.js';
import { useCallTimer } from './use-call-timer.js';
import { useSessionUpdates } from './use-session-updates.js';
import { useSpeaking } from './use-speaking.js';

export interface InCallScreenProps {
  call: Call;
  session: CallSession;
  ringing: boolean;
  me: User;
  deviceId: string;
  controller: CallController;
}

function useNarrow(): boolean {
  const query = '(max-width: 640px)';
  const [narrow, setNarrow] = useState(() => window.matchMedia(query).matches);
  useEffect(() => {
    const m = window.matchMedia(query);
    const on = () => setNarrow(m.matches);
    m.addEventListener('change', on);
    return () => m.removeEventListener('change', on);
  }, []);
  return narrow;
}

export function InCallScreen({ call, session, ringing, me, deviceId, controller }: InCallScreenProps) {
  const t = strings.calls;
  const local = useLocalMedia(controller);
  const { remotes, connection } = useSessionUpdates(session);
  const people = useCallPeople(call, me.id);
  const stats = useCallStats(session);
  const elapsed = useCallTimer(ringing ? null : (call.answeredAt ?? null));
  const narrow = useNarrow();
  const [menu, setMenu] = useState<CallMenu>(null);
  const [page, setPage] = useState(0);
  const [devices, setDevices] = useState({ microphone: '', camera: '', speaker: '' });
  // Minimised: the screen stays mounted (its media elements keep playing) but hidden, and a bar
  // over the app shows the call, its timer, return and hang up.
  const [minimised, setMinimised] = useState(false);

  // The self view shows what the others get (effects included).
  const outgoing = controller.outgoingVideoTrack();
  const selfStream = useMemo(() => {
    const tracks = [...session.localStream.getAudioTracks(), ...(outgoing ? [outgoing] : [])];
    return new MediaStream(tracks);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [session, outgoing, local.effects]);

  const tiles = buildTiles(call, remotes, { deviceId, stream: selfStream, local });
  if (!tiles.some((x) => x.self)) {
    tiles.unshift({
      key: deviceId,
      deviceId,
      userId: me.id,
      joinedAt: call.createdAt,
      screen: false,
      self: true,
      stream: selfStream,
      muted: local.muted,
      cameraOff: local.cameraOff,
      handRaised: local.handRaised,
    });
  }
  const audioStreams = useMemo(() => {
    const m = new Map<string, MediaStream>([[deviceId, session.localStream]]);
    for (const r of remotes) m.set(r.deviceId, r.stream);
    return m;
  }, [deviceId, session.localStream, remotes]);
  const speaking = useSpeaking(audioStreams);
  const speakingKeys = new Set([...speaking].filter((k) => !(k === deviceId && local.muted)));
  const hands = new Set(tiles.filter((x) => x.handRaised).map((x) => x.key));

  const oneToOne = call.topology === 'p2p' && tiles.filter((x) => !x.screen).length <= 2;
  const userOf = (id: string) => (id === me.id ? me : people.user(id));
  const status = ringing
    ? t.ringing
    : connection === 'connected'
      ? elapsed !== null
        ? t.timer(elapsed)
        : ''
      : connection === 'disconnected' || connection === 'failed'
        ? t.reconnecting
        : t.connecting;

  let stage;
  if (oneToOne) {
    const self = tiles.find((x) => x.self)!;
    const remote = tiles.find((x) => !x.self && !x.screen);
    const screen = tiles.find((x) => x.screen);
    const main = screen ?? remote;
    stage = (
      <div className="call-stage one-to-one">
        {main ? (
          <ParticipantTile
            tile={main}
            user={userOf(main.userId)}
            speaking={speakingKeys.has(main.key)}
            sinkId={devices.speaker}
          />
        ) : (
          <div className="call-waiting">{people.title}</div>
        )}
        {screen && remote && (
          <div className="call-pip call-pip-left">
            <ParticipantTile
              tile={remote}
              user={userOf(remote.userId)}
              speaking={speakingKeys.has(remote.key)}
              sinkId={devices.speaker}
            />
          </div>
        )}
        <div className="call-pip">
          <ParticipantTile tile={self} user={me} speaking={speakingKeys.has(self.key)} sinkId="" />
        </div>
      </div>
    );
  } else {
    const size = narrow ? PAGE_SIZE.narrow : PAGE_SIZE.wide;
    const ordered = orderTiles(tiles, speakingKeys, hands);
    const pages = pageCount(ordered.length, size);
    const current = Math.min(page, pages - 1);
    const shown = pageOf(ordered, current, size);
    stage = (
      <div className="call-stage">
        <div
          className="call-grid"
          style={{ gridTemplateColumns: `repeat(${columnsFor(shown.length, narrow ? 2 : 5)}, minmax(0, 1fr))` }}
        >
          {shown.map((x) => (
            <ParticipantTile
              key={x.key}
              tile={x}
              user={userOf(x.userId)}
              speaking={speakingKeys.has(x.key)}
              sinkId={devices.speaker}
            />
          ))}
        </div>
        {pages > 1 && (
          <nav className="call-pages" aria-label={t.participants(tiles.length)}>
            <button
              type="button"
              onClick={() => setPage(current - 1)}
              disabled={current === 0}
              aria-label={t.previousPage}
            >
              ‹
            </button>
            <span>{t.page(current + 1, pages)}</span>
            <button
              type="button"
              onClick={() => setPage(current + 1)}
              disabled={current >= pages - 1}
              aria-label={t.nextPage}
            >
              ›
            </button>
          </nav>
        )}
      </div>
    );
  }

  const bar = minimised && (
    <div className="call-bar" role="region" aria-label={t.inCallWith(people.title)}>
      <button type="button" className="call-bar-return" onClick={() => setMinimised(false)}>
        <span>{t.inCallWith(people.title)}</span> <span className="call-bar-status">{status}</span>
        <span className="visually-hidden"> — {t.returnToCall}</span>
      </button>
      <button type="button" className="call-hangup" onClick={() => void controller.hangup()}>
        {ringing ? t.cancel : t.hangup}
      </button>
    </div>
  );

  return (
    <>
      {bar}
      <section
        className={`call-screen${minimised ? ' minimised' : ''}`}
        aria-label={people.title}
        data-call-id={call.id}
        data-phase={ringing ? 'ringing' : 'active'}
        data-connection={connection}
      >
        <header className="call-header">
          <button type="button" className="call-minimise" onClick={() => setMinimised(true)} aria-label={t.minimise}>
            <span aria-hidden="true">←</span>
          </button>
          <h2>{people.title}</h2>
          <p className="call-status" aria-live="polite">
            {status}
          </p>
          {people.isGroup && <p className="call-count">{t.participants(call.participants.length)}</p>}
          <PoorConnectionBadge stats={stats} />
        </header>
        {stage}
        {menu === 'effects' && <EffectsMenu effects={local.effects} onChange={(e) => void controller.setEffects(e)} />}
        {menu === 'devices' && (
          <DevicesMenu
            microphoneId={devices.microphone}
            cameraId={devices.camera}
            speakerId={devices.speaker}
            onMicrophone={(id) => {
              setDevices((d) => ({ ...d, microphone: id }));
              void controller.switchMicrophone(id);
            }}
            onCamera={(id) => {
              setDevices((d) => ({ ...d, camera: id }));
              void controller.switchCamera(id);
            }}
            onSpeaker={(id) => setDevices((d) => ({ ...d, speaker: id }))}
          />
        )}
        {menu === 'quality' && <QualityPanel stats={stats} />}
        {ringing ? (
          <div className="call-controls">
            <button type="button" className="call-hangup" onClick={() => void controller.hangup()}>
              {t.cancel}
            </button>
          </div>
        ) : (
          <CallControls
            local={local}
            menu={menu}
            canShareScreen={typeof navigator.mediaDevices?.getDisplayMedia === 'function'}
            onMute={() => controller.setMuted(!local.muted)}
            onCamera={() => void controller.setCameraOff(!local.cameraOff)}
            onShare={() => void controller.toggleScreenShare()}
            onHand={() => controller.raiseHand(!local.handRaised)}
            onMenu={setMenu}
            onHangup={() => void controller.hangup()}
          />
        )}
      </section>
    </>
  );
}
