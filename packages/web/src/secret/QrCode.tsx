// Draws the SDK's QR payload of a safety number as an SVG QR code (the qrcode package), for the
// other person's camera. Error correction M, a quiet zone of 4 modules, black on white in both
// themes (scanners need the contrast).
import { useEffect, useState } from 'react';
import QRCode from 'qrcode';

export function QrCode({ payload, label }: { payload: string; label: string }) {
  const [svg, setSvg] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    QRCode.toString(payload, {
      type: 'svg',
      errorCorrectionLevel: 'M',
      margin: 4,
      color: { dark: '#000', light: '#fff' },
    })
      .then((s) => live && setSvg(s))
      .catch(() => live && setSvg(null));
    return () => {
      live = false;
    };
  }, [payload]);
  if (!svg) return <div className="qr-code" aria-busy="true" />;
  return <img className="qr-code" alt={label} src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`} />;
}
