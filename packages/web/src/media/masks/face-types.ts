// What the face tracker reports for each face, in the pixel coordinates of the frame it was
// given: the few landmarks masks are anchored to (from the 68-point layout), no model types.
export interface FacePoint {
  x: number;
  y: number;
}

export interface TrackedFace {
  /** The detector's box around the face. */
  box: { x: number; y: number; width: number; height: number };
  /** Detector confidence, 0..1. */
  score: number;
  /** Centre of the eye on the left of the image (the person's right eye). */
  leftEye: FacePoint;
  /** Centre of the eye on the right of the image. */
  rightEye: FacePoint;
  noseTip: FacePoint;
  mouth: FacePoint;
  chin: FacePoint;
  /** Estimated middle of the forehead (above the brows, where a model has no landmark). */
  forehead: FacePoint;
  /** The 17 jaw-line points, from the left of the image to the right. */
  jaw: FacePoint[];
}

/** Anything the tracker can read a frame from. */
export type FrameSource = HTMLVideoElement | HTMLCanvasElement | HTMLImageElement;

export interface FaceTracker {
  /** The TensorFlow.js backend in use ('wasm' normally; 'webgl' or 'cpu' when wasm fails). */
  readonly backend: string;
  /**
   * Faces in the frame, largest first (empty when there is none). `precise` runs the detector
   * on a larger input (slower; for photos, where small faces matter and time does not).
   */
  detect(source: FrameSource, opts?: { precise?: boolean }): Promise<TrackedFace[]>;
  /** Tensors alive in TensorFlow.js (diagnostics: must stay flat while a call runs for hours). */
  liveTensors(): number;
}
