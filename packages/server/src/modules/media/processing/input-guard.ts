// Options put before every `-i` of ffmpeg and ffprobe: only demuxers of the audio and video
// formats we accept, and only local files. Uploaded bytes are untrusted: a "video" that is
// really an HLS playlist or a concat list could otherwise make ffmpeg read other local files
// or fetch URLs (and put what it read into the output).
export const ACCEPTED_DEMUXERS = [
  'mov,mp4,m4a,3gp,3g2,mj2',
  'matroska,webm',
  'ogg',
  'wav',
  'mp3',
  'flac',
  'aac',
  'aiff',
  'avi',
  'mpegts',
  'asf',
  'amr',
  'caf',
  'flv',
].join(',');

export const INPUT_GUARD: readonly string[] = ['-format_whitelist', ACCEPTED_DEMUXERS, '-protocol_whitelist', 'file'];
