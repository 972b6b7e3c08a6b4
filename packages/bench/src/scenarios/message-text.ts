// The text every benchmark message carries: about the size of a typical chat message.
export const MESSAGE_TEXT =
  'Benchmark message: on my way, see you at the station in ten minutes. Bring the tickets please!';
