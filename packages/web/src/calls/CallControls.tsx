// The buttons along the bottom of a call: mute, camera, screen share, raise hand, effects,
// devices, quality, hang up. Toggles say their state with aria-pressed.
import { strings } from '../strings.js';
import type { LocalMediaState } from './call-controller.js';

export type CallMenu = 'effects' | 'devices' | 'quality' | null;

export interface CallControlsProps {
  local: LocalMediaState;
  menu: CallMenu;
  canShareScreen: boolean;
  onMute: () => void;
  onCamera: () => void;
  onShare: () => void;
  onHand: () => void;
  onMenu: (m: CallMenu) => void;
  onHangup: () => void;
}

export function CallControls(p: CallControlsProps) {
  const t = strings.calls;
  const menu = (m: Exclude<CallMenu, null>) => () => p.onMenu(p.menu === m ? null : m);
  return (
    <div className="call-controls" role="toolbar" aria-label={t.videoCall}>
      <button type="button" className="call-mute" aria-pressed={p.local.muted} onClick={p.onMute}>
        <span aria-hidden="true">{p.local.muted ? '🔇' : '🎙️'}</span>
        <span className="call-control-label">{p.local.muted ? t.unmute : t.mute}</span>
      </button>
      <button type="button" className="call-camera" aria-pressed={p.local.cameraOff} onClick={p.onCamera}>
        <span aria-hidden="true">{p.local.cameraOff ? '🚫' : '📷'}</span>
        <span className="call-control-label">{p.local.cameraOff ? t.cameraOn : t.cameraOff}</span>
      </button>
      {p.canShareScreen && (
        <button type="button" className="call-share" aria-pressed={p.local.sharing} onClick={p.onShare}>
          <span aria-hidden="true">🖥️</span>
          <span className="call-control-label">{p.local.sharing ? t.stopSharing : t.shareScreen}</span>
        </button>
      )}
      <button type="button" className="call-hand-button" aria-pressed={p.local.handRaised} onClick={p.onHand}>
        <span aria-hidden="true">✋</span>
        <span className="call-control-label">{p.local.handRaised ? t.lowerHand : t.raiseHand}</span>
      </button>
      <button type="button" className="call-effects" aria-expanded={p.menu === 'effects'} onClick={menu('effects')}>
        <span aria-hidden="true">✨</span>
        <span className="call-control-label">{t.effects}</span>
      </button>
      <button type="button" className="call-devices" aria-expanded={p.menu === 'devices'} onClick={menu('devices')}>
        <span aria-hidden="true">⚙️</span>
        <span className="call-control-label">{t.devices}</span>
      </button>
      <button
        type="button"
        className="call-quality-button"
        aria-expanded={p.menu === 'quality'}
        onClick={menu('quality')}
      >
        <span aria-hidden="true">📶</span>
        <span className="call-control-label">{t.quality}</span>
      </button>
      <button type="button" className="call-hangup" onClick={p.onHangup}>
        <span aria-hidden="true">⏹</span>
        <span className="call-control-label">{t.hangup}</span>
      </button>
    </div>
  );
}
