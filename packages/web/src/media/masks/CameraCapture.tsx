// The camera with face masks: a live preview (the mask drawn over each frame on a canvas), a
// mask picker, the shutter (the photo is the canvas, mask included) and, with several
// cameras, a switch. The front camera's preview is shown mirrored, as people expect of a
// selfie view; the photo itself is not mirrored.
import { useEffect, useRef, useState } from 'react';
import { strings } from '../../strings.js';
import { canvasToBlob } from './apply-mask-to-photo.js';
import { createFaceTracker } from './face-tracker.js';
import { MASK_IDS, type MaskId } from './mask-ids.js';
import { startMaskedRenderer, type MaskedRenderer } from './masked-renderer.js';

export interface CameraCaptureProps {
  onCapture: (photo: Blob) => void;
  onCancel: () => void;
}

const t = strings.masks;

type TrackerState = 'idle' | 'loading' | 'ready' | 'failed';

export function CameraCapture({ onCapture, onCancel }: CameraCaptureProps) {
  const videoRef = useRef<HTMLVideoElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const rendererRef = useRef<MaskedRenderer | null>(null);
  const [mask, setMask] = useState<MaskId | null>(null);
  const maskRef = useRef<MaskId | null>(null);
  const [cameras, setCameras] = useState<MediaDeviceInfo[]>([]);
  /** The camera in use (from its track), and the one the person switched to (undefined: default). */
  const [currentId, setCurrentId] = useState<string | undefined>();
  const [deviceId, setDeviceId] = useState<string | undefined>();
  const [facingUser, setFacingUser] = useState(true);
  const [cameraError, setCameraError] = useState(false);
  const [tracker, setTracker] = useState<TrackerState>('idle');
  const [busy, setBusy] = useState(false);
  /** The preview shows camera frames (the shutter waits for it). */
  const [live, setLive] = useState(false);

  useEffect(() => {
    let cancelled = false;
    let stream: MediaStream | null = null;
    const video = videoRef.current;
    const canvas = canvasRef.current;
    if (!video || !canvas) return;
    setCameraError(false);
    setLive(false);
    const constraints: MediaTrackConstraints = deviceId
      ? { deviceId: { exact: deviceId } }
      : { facingMode: 'user', width: { ideal: 1280 }, height: { ideal: 720 } };
    // No mediaDevices at all on pages that are not a secure context (plain http, not localhost).
    const media = navigator.mediaDevices as MediaDevices | undefined;
    if (!media?.getUserMedia) {
      setCameraError(true);
      return;
    }
    media
      .getUserMedia({ video: constraints, audio: false })
      .then(async (s) => {
        if (cancelled) {
          for (const track of s.getTracks()) track.stop();
          return;
        }
        stream = s;
        const settings = s.getVideoTracks()[0]?.getSettings();
        setFacingUser(settings?.facingMode !== 'environment');
        setCurrentId(settings?.deviceId);
        video.srcObject = s;
        await video.play().catch(() => undefined);
        const renderer = startMaskedRenderer(video, canvas, maskRef.current);
        rendererRef.current = renderer;
        void renderer.firstFrame.then(() => {
          if (!cancelled) setLive(true);
        });
        // Labels and the full list are only known once access is granted.
        const devices = await media.enumerateDevices();
        if (!cancelled) setCameras(devices.filter((d) => d.kind === 'videoinput'));
      })
      .catch(() => {
        if (!cancelled) setCameraError(true);
      });
    return () => {
      cancelled = true;
      rendererRef.current?.stop();
      rendererRef.current = null;
      for (const track of stream?.getTracks() ?? []) track.stop();
      video.srcObject = null;
    };
  }, [deviceId]);

  const choose = (next: MaskId | null) => {
    setMask(next);
    maskRef.current = next;
    // The renderer (once the camera is open) loads the tracker too: the same shared promise.
    rendererRef.current?.setMask(next);
    if (next !== null && tracker === 'idle') {
      setTracker('loading');
      createFaceTracker().then(
        () => setTracker('ready'),
        () => setTracker('failed'),
      );
    }
  };

  const switchCamera = () => {
    const at = cameras.findIndex((c) => c.deviceId === currentId);
    setDeviceId(cameras[(at + 1) % cameras.length]?.deviceId);
  };

  const shoot = async () => {
    const canvas = canvasRef.current;
    if (!canvas || !canvas.width) return;
    setBusy(true);
    try {
      onCapture(await canvasToBlob(canvas, 'image/jpeg', 0.92));
    } finally {
      setBusy(false);
    }
  };

  const status = cameraError
    ? null
    : tracker === 'loading'
      ? t.loadingMasks
      : tracker === 'failed'
        ? t.masksUnavailable
        : null;

  return (
    <section className="camera-capture" aria-label={t.camera}>
      <video ref={videoRef} className="camera-source" muted playsInline aria-hidden="true" />
      {cameraError ? (
        <p className="error" role="alert">
          {t.noCamera}
        </p>
      ) : (
        <canvas
          ref={canvasRef}
          className={facingUser ? 'camera-preview mirrored' : 'camera-preview'}
          role="img"
          aria-label={t.preview}
        />
      )}
      {status && (
        <p className="camera-status" role="status">
          {status}
        </p>
      )}
      <div className="mask-picker" role="group" aria-label={t.picker}>
        <button type="button" aria-pressed={mask === null} onClick={() => choose(null)}>
          {t.none}
        </button>
        {MASK_IDS.map((id) => (
          <button key={id} type="button" aria-pressed={mask === id} onClick={() => choose(id)} data-mask={id}>
            {t.names[id] ?? id}
          </button>
        ))}
      </div>
      <div className="camera-actions">
        <button type="button" onClick={onCancel}>
          {t.cancel}
        </button>
        {cameras.length > 1 && (
          <button type="button" onClick={switchCamera}>
            {t.switchCamera}
          </button>
        )}
        <button type="button" className="primary" onClick={() => void shoot()} disabled={busy || cameraError || !live}>
          {t.takePhoto}
        </button>
      </div>
    </section>
  );
}
