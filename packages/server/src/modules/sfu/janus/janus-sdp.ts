// SDP edits between our clients and Janus. The publisher's m-lines are named by position (audio,
// camera, screen: UPSTREAM_SLOTS); Janus's subscriber offer names its m-lines `janus...`, so each
// m-section's msid (and ssrc msid) is rewritten to the stream id the SDK expects, exactly as the
// werift SFU sends it: `deviceId` for camera and microphone, `deviceId:screen` for the screen.

export interface SdpSection {
  mid: string;
  kind: string;
}

/** The m-sections of an SDP in order, with their mid and media kind. */
export function sdpSections(sdp: string): SdpSection[] {
  const out: SdpSection[] = [];
  for (const block of sdp.split(/\r?\nm=/).slice(1)) {
    const kind = block.split(' ')[0] ?? '';
    const mid = /(?:^|\n)a=mid:([^\r\n]+)/.exec(block)?.[1] ?? String(out.length);
    out.push({ mid, kind });
  }
  return out;
}

/**
 * Rewrites the msid of each m-section whose mid is in `ids` (stream id and track id), in the
 * `a=msid:` line and the `a=ssrc:<n> msid:` lines; other sections are left alone.
 */
export function rewriteMsids(sdp: string, ids: Map<string, { streamId: string; trackId: string }>): string {
  const eol = sdp.includes('\r\n') ? '\r\n' : '\n';
  const parts = sdp.split(`${eol}m=`);
  const head = parts[0] ?? '';
  const sections = parts.slice(1).map((body) => {
    const lines = `m=${body}`.split(eol);
    const mid = lines.find((l) => l.startsWith('a=mid:'))?.slice(6);
    const id = mid === undefined ? undefined : ids.get(mid);
    if (!id) return lines.join(eol);
    const msid = `${id.streamId} ${id.trackId}`;
    const out: string[] = [];
    let hadMsid = false;
    for (const l of lines) {
      if (l.startsWith('a=msid:')) {
        if (!hadMsid) out.push(`a=msid:${msid}`);
        hadMsid = true;
      } else if (/^a=ssrc:\d+ msid:/.test(l)) {
        out.push(l.replace(/ msid:.*$/, ` msid:${msid}`));
      } else if (/^a=ssrc:\d+ (mslabel|label):/.test(l)) {
        // Plan B leftovers: drop, the msid says it all.
      } else {
        out.push(l);
      }
    }
    if (!hadMsid) {
      const at = out.findIndex((l) => l.startsWith('a=mid:'));
      out.splice(at + 1, 0, `a=msid:${msid}`);
    }
    return out.join(eol);
  });
  return [head, ...sections].join(eol);
}
