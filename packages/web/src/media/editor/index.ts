// The media editors the composer mounts: PhotoEditor for photos, VideoFilterPicker for videos.
export { PhotoEditor, type PhotoEditorProps } from './PhotoEditor.js';
export { VideoFilterPicker, type VideoFilterPickerProps } from './VideoFilterPicker.js';
export { composeEdited, fitSize, OUTPUT_MAX_SIDE } from './compose.js';
