// The microphones, cameras and speakers of this device (navigator.mediaDevices.enumerateDevices),
// kept up to date when one is plugged in or out (devicechange).
import { useEffect, useState } from 'react';

export interface MediaDevices {
  microphones: MediaDeviceInfo[];
  cameras: MediaDeviceInfo[];
  speakers: MediaDeviceInfo[];
}

const EMPTY: MediaDevices = { microphones: [], cameras: [], speakers: [] };

export function useMediaDevices(): MediaDevices {
  const [devices, setDevices] = useState<MediaDevices>(EMPTY);
  useEffect(() => {
    const md = navigator.mediaDevices as globalThis.MediaDevices | undefined;
    if (!md?.enumerateDevices) return;
    let live = true;
    const load = async () => {
      const all = await md.enumerateDevices().catch(() => []);
      if (!live) return;
      setDevices({
        microphones: all.filter((d) => d.kind === 'audioinput'),
        cameras: all.filter((d) => d.kind === 'videoinput'),
        speakers: all.filter((d) => d.kind === 'audiooutput'),
      });
    };
    void load();
    md.addEventListener('devicechange', load);
    return () => {
      live = false;
      md.removeEventListener('devicechange', load);
    };
  }, []);
  return devices;
}

/** Whether this browser can pick the speaker of a media element (HTMLMediaElement.setSinkId). */
export const canPickSpeaker = (): boolean =>
  typeof HTMLMediaElement !== 'undefined' && 'setSinkId' in HTMLMediaElement.prototype;
