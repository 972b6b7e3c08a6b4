// Masks and filters for the outgoing video, picked while the call runs (the others see them:
// the controller sends the effects chain's track with session.replaceVideoTrack).
import { FILTER_IDS, type FilterId } from '@anytime/protocol';
import { MASK_IDS, type MaskId } from '../media/masks/mask-ids.js';
import { strings } from '../strings.js';
import type { Effects } from './outgoing-video.js';

export function EffectsMenu({ effects, onChange }: { effects: Effects; onChange: (e: Effects) => void }) {
  const t = strings.calls;
  return (
    <div className="call-menu" role="group" aria-label={t.effects}>
      <label>
        {t.mask}
        <select
          value={effects.mask ?? ''}
          onChange={(e) => onChange({ ...effects, mask: (e.target.value || null) as MaskId | null })}
        >
          <option value="">{t.noEffect}</option>
          {MASK_IDS.map((id) => (
            <option key={id} value={id}>
              {strings.masks.names[id] ?? id}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t.filter}
        <select
          value={effects.filter ?? 'none'}
          onChange={(e) => {
            const f = e.target.value as FilterId;
            onChange({ ...effects, filter: f === 'none' ? null : f });
          }}
        >
          {FILTER_IDS.map((id) => (
            <option key={id} value={id}>
              {strings.photoEditor.filterNames[id]}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
