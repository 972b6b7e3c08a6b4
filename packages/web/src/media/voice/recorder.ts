// Recording a voice note with MediaRecorder: Opus in WebM (or Ogg where that is what the browser
// has), from the microphone; stop() gives the recording, cancel() throws it away. The tracks are
// released either way so the browser's recording indicator goes off.

export const VOICE_TYPES = ['audio/webm;codecs=opus', 'audio/ogg;codecs=opus', 'audio/webm'] as const;

export function voiceMimeType(isSupported: (t: string) => boolean): string | null {
  return VOICE_TYPES.find((t) => isSupported(t)) ?? null;
}

export interface Recording {
  blob: Blob;
  durationMs: number;
}

export class VoiceRecording {
  private readonly chunks: Blob[] = [];
  private readonly startedAt = performance.now();
  private readonly done: Promise<void>;

  private constructor(
    private readonly recorder: MediaRecorder,
    private readonly stream: MediaStream,
  ) {
    this.done = new Promise((resolve) => recorder.addEventListener('stop', () => resolve(), { once: true }));
    recorder.addEventListener('dataavailable', (e) => e.data.size > 0 && this.chunks.push(e.data));
    recorder.start(250);
  }

  /** Asks for the microphone and starts; rejects when there is no recorder or no permission. */
  static async start(): Promise<VoiceRecording> {
    if (typeof MediaRecorder === 'undefined' || !navigator.mediaDevices?.getUserMedia) throw new NoRecorder();
    const mimeType = voiceMimeType((t) => MediaRecorder.isTypeSupported(t));
    const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    try {
      return new VoiceRecording(new MediaRecorder(stream, mimeType ? { mimeType } : {}), stream);
    } catch (e) {
      stream.getTracks().forEach((t) => t.stop());
      throw e;
    }
  }

  get elapsedMs(): number {
    return performance.now() - this.startedAt;
  }

  async stop(): Promise<Recording> {
    const durationMs = this.elapsedMs;
    if (this.recorder.state !== 'inactive') this.recorder.stop();
    await this.done;
    this.release();
    const type = this.recorder.mimeType || this.chunks[0]?.type || 'audio/webm';
    return { blob: new Blob(this.chunks, { type }), durationMs };
  }

  cancel(): void {
    if (this.recorder.state !== 'inactive') this.recorder.stop();
    this.release();
  }

  private release(): void {
    this.stream.getTracks().forEach((t) => t.stop());
  }
}

export class NoRecorder extends Error {}
