// Scanning the other person's safety-number QR code with the camera: the video preview, a frame
// read every 250 ms until a code is found, the camera stopped as soon as it is (or on close).
import { useEffect, useRef, useState } from 'react';
import { strings } from '../strings.js';
import { createQrDecoder } from './qr-decoder.js';

const EVERY_MS = 250;

export function QrScanner({ onResult, onClose }: { onResult: (text: string) => void; onClose: () => void }) {
  const video = useRef<HTMLVideoElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    let stream: MediaStream | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let live = true;
    (async () => {
      try {
        stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false });
        if (!live) return stream.getTracks().forEach((t) => t.stop());
        const v = video.current!;
        v.srcObject = stream;
        await v.play();
        const decoder = await createQrDecoder();
        const tick = async () => {
          if (!live) return;
          const text = await decoder.decode(v, canvas.current!).catch(() => null);
          if (!live) return;
          if (text) onResult(text);
          else timer = setTimeout(() => void tick(), EVERY_MS);
        };
        void tick();
      } catch {
        if (live) setFailed(true);
      }
    })();
    return () => {
      live = false;
      clearTimeout(timer);
      stream?.getTracks().forEach((t) => t.stop());
    };
  }, [onResult]);

  return (
    <div className="qr-scanner">
      {failed ? (
        <p className="error" role="alert">
          {strings.secret.noCamera}
        </p>
      ) : (
        <p role="status">{strings.secret.scanning}</p>
      )}
      <video ref={video} muted playsInline aria-hidden="true" />
      <canvas ref={canvas} hidden />
      <button type="button" onClick={onClose}>
        {strings.secret.stopScan}
      </button>
    </div>
  );
}
