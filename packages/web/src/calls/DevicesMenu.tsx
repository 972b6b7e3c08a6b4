// Microphone, camera and speaker pickers (enumerateDevices, refreshed on devicechange); the
// speaker applies to every remote tile through setSinkId where the browser has it.
import { strings } from '../strings.js';
import { canPickSpeaker, useMediaDevices } from './use-media-devices.js';

export interface DevicesMenuProps {
  microphoneId: string;
  cameraId: string;
  speakerId: string;
  onMicrophone: (id: string) => void;
  onCamera: (id: string) => void;
  onSpeaker: (id: string) => void;
}

export function DevicesMenu(p: DevicesMenuProps) {
  const devices = useMediaDevices();
  const t = strings.calls;
  const picker = (label: string, list: MediaDeviceInfo[], value: string, on: (id: string) => void) => (
    <label>
      {label}
      <select value={value} onChange={(e) => on(e.target.value)} disabled={list.length === 0}>
        {list.map((d, i) => (
          <option key={d.deviceId || i} value={d.deviceId}>
            {d.label || `${label} ${i + 1}`}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <div className="call-menu" role="group" aria-label={t.devices}>
      {picker(t.microphone, devices.microphones, p.microphoneId, p.onMicrophone)}
      {picker(t.camera, devices.cameras, p.cameraId, p.onCamera)}
      {canPickSpeaker() && picker(t.speaker, devices.speakers, p.speakerId, p.onSpeaker)}
    </div>
  );
}
