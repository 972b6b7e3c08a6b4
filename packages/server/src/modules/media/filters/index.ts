// The filters module: renders the filters of packages/protocol/src/filters.ts on the server,
// with sharp for photos and as an ffmpeg filter graph for video.
export { applyImageFilter } from './image.js';
export { videoFilterGraph } from './video.js';
