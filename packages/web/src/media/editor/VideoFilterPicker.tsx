// Filters for a short video before it is sent: the video plays in a loop through the chosen
// filter (WebGL, every frame), and Done gives back the original file with the filter's id; the
// server renders the filter into the video with ffmpeg (upload `filter`), the same arithmetic.
import { useEffect, useRef, useState } from 'react';
import { FILTER_IDS, type FilterId } from '@anytime/protocol';
import { strings } from '../../strings.js';
import { releaseFilterRenderer, renderFilter } from '../filters/index.js';
import { fitSize } from './compose.js';
import './photo-editor.css';

export interface VideoFilterPickerProps {
  video: Blob;
  onDone: (video: Blob, filter: FilterId) => void;
  onCancel: () => void;
}

/** The preview is drawn at most this wide or high (the video itself is not changed here). */
const PREVIEW_MAX = 720;

export function VideoFilterPicker({ video, onDone, onCancel }: VideoFilterPickerProps) {
  const [filter, setFilter] = useState<FilterId>('none');
  const [ready, setReady] = useState(false);
  const [failed, setFailed] = useState(false);
  const videoRef = useRef<HTMLVideoElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const filterRef = useRef<FilterId>('none');
  filterRef.current = filter;

  useEffect(() => {
    const el = videoRef.current;
    if (!el) return;
    const url = URL.createObjectURL(video);
    el.src = url;
    void el.play().catch(() => undefined);
    return () => {
      el.removeAttribute('src');
      URL.revokeObjectURL(url);
    };
  }, [video]);

  // Every frame of the playing video, through the current filter.
  useEffect(() => {
    const el = videoRef.current;
    const canvas = canvasRef.current;
    if (!el || !canvas || !ready) return;
    let frame = 0;
    const draw = () => {
      if (el.readyState >= 2 && el.videoWidth > 0) {
        const size = fitSize(el.videoWidth, el.videoHeight, PREVIEW_MAX);
        if (canvas.width !== size.width || canvas.height !== size.height) {
          canvas.width = size.width;
          canvas.height = size.height;
        }
        renderFilter(el, filterRef.current, canvas);
      }
      frame = requestAnimationFrame(draw);
    };
    frame = requestAnimationFrame(draw);
    return () => cancelAnimationFrame(frame);
  }, [ready]);
  useEffect(() => {
    const canvas = canvasRef.current;
    return () => {
      if (canvas) releaseFilterRenderer(canvas);
    };
  }, []);

  return (
    <div
      className="photo-editor"
      role="dialog"
      aria-modal="true"
      aria-label={strings.photoEditor.videoDialog}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          onCancel();
        }
      }}
    >
      {failed ? (
        <p role="alert" className="photo-editor-status">
          {strings.photoEditor.videoLoadFailed}
        </p>
      ) : !ready ? (
        <p role="status" className="photo-editor-status">
          {strings.photoEditor.loading}
        </p>
      ) : null}
      <video
        ref={videoRef}
        muted
        loop
        playsInline
        hidden
        onLoadedData={() => setReady(true)}
        onError={() => setFailed(true)}
      />
      <canvas
        ref={canvasRef}
        className="photo-editor-video"
        role="img"
        aria-label={strings.photoEditor.videoPreview}
        hidden={!ready}
      />
      <div className="photo-editor-strip" role="group" aria-label={strings.photoEditor.filterStrip}>
        {FILTER_IDS.map((id) => (
          <button
            key={id}
            type="button"
            className="photo-editor-filter"
            aria-pressed={filter === id}
            onClick={() => setFilter(id)}
          >
            <span>{strings.photoEditor.filterNames[id]}</span>
          </button>
        ))}
      </div>
      <div className="photo-editor-actions">
        <span className="photo-editor-spacer" />
        <button type="button" onClick={onCancel}>
          {strings.photoEditor.cancel}
        </button>
        <button type="button" className="primary" onClick={() => onDone(video, filter)}>
          {strings.photoEditor.done}
        </button>
      </div>
    </div>
  );
}
