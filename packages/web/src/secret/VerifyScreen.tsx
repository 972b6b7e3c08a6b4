// The verification screen for one person: the safety number in 12 groups of 5 digits, its QR
// code, scanning their code with the camera, and "Mark as verified" (or clearing it). Marking
// also acknowledges a key-change warning for them.
import { useCallback, useEffect, useState } from 'react';
import { Panel } from '../app/Panel.js';
import { errorText } from '../client/error-text.js';
import type { ScanResult } from '../crypto/encryption-port.js';
import { useEncryption } from '../crypto/encryption-context.js';
import { safetyNumberGroups } from '../crypto/safety-number-format.js';
import { strings } from '../strings.js';
import { QrCode } from './QrCode.js';
import { QrScanner } from './QrScanner.js';
import { VerifiedBadge } from './VerifiedBadge.js';
import type { SafetyNumberView } from '../crypto/encryption-port.js';
import './secret.css';

export interface VerifyScreenProps {
  userId: string;
  name: string;
  onClose: () => void;
}

const scanText: Record<ScanResult, string> = {
  match: strings.secret.scanMatch,
  mismatch: strings.secret.scanMismatch,
  invalid: strings.secret.scanInvalid,
};

export function VerifyScreen({ userId, name, onClose }: VerifyScreenProps) {
  const port = useEncryption();
  const t = strings.secret;
  const [view, setView] = useState<SafetyNumberView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [scanning, setScanning] = useState(false);
  const [scan, setScan] = useState<ScanResult | null>(null);
  const [round, setRound] = useState(0);

  useEffect(() => {
    if (!port) return;
    let live = true;
    port.safetyNumber(userId).then(
      (v) => live && setView(v),
      (e: unknown) => live && setError(errorText(e)),
    );
    return () => {
      live = false;
    };
  }, [port, userId, round]);

  async function setVerified(verified: boolean) {
    if (!port) return;
    setError(null);
    try {
      await port.markVerified(userId, verified);
      if (verified) await port.acknowledgeKeyChange(userId);
      setRound((n) => n + 1);
    } catch (e) {
      setError(errorText(e));
    }
  }

  const onScanned = useCallback(
    (text: string) => {
      setScanning(false);
      if (!port) return;
      port.compareScanned(userId, text).then(
        async (result) => {
          setScan(result);
          if (result === 'match') await setVerified(true);
        },
        (e: unknown) => setError(errorText(e)),
      );
    },
    // setVerified only uses port and userId.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [port, userId],
  );

  return (
    <Panel heading={t.verifyTitle(name)} onClose={onClose} error={error}>
      {!view ? (
        !error && <p className="placeholder">{strings.loading}</p>
      ) : (
        <div className="verify">
          {view.verified && <VerifiedBadge name={name} />}
          <p>{t.verifyIntro(name)}</p>
          <h3 id="safety-number-heading">{t.safetyNumber}</h3>
          <p className="safety-number" aria-labelledby="safety-number-heading" data-digits={view.digits}>
            {safetyNumberGroups(view.digits).map((g, i) => (
              <span key={i}>{g}</span>
            ))}
          </p>
          <QrCode payload={view.qrPayload} label={t.qrLabel(name)} />
          {scan && (
            <p className={scan === 'match' ? 'notice' : 'error'} role={scan === 'match' ? 'status' : 'alert'}>
              {scanText[scan]}
            </p>
          )}
          {scanning ? (
            <QrScanner onResult={onScanned} onClose={() => setScanning(false)} />
          ) : (
            <div className="verify-actions">
              <button type="button" onClick={() => (setScan(null), setScanning(true))}>
                {t.scan}
              </button>
              {view.verified ? (
                <button type="button" onClick={() => void setVerified(false)}>
                  {t.clearVerified}
                </button>
              ) : (
                <button type="button" className="primary" onClick={() => void setVerified(true)}>
                  {t.markVerified}
                </button>
              )}
            </div>
          )}
        </div>
      )}
    </Panel>
  );
}
