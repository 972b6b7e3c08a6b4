// The GLSL of each filter step (packages/protocol/src/filters.ts): one WebGL2 fragment shader per
// primitive, with the same arithmetic as the reference kernels (values in 0..255, rounded half up
// to 8 bits at the end of every pass, as the server does between steps).
import { GRAIN_MUL, GRAIN_PRIME, GRAIN_ROUND2 } from '@anytime/protocol';

/** A triangle that covers the viewport; no vertex buffers. */
export const VERTEX = `#version 300 es
void main() {
  vec2 p = vec2(float((gl_VertexID << 1) & 2), float(gl_VertexID & 2));
  gl_Position = vec4(p * 2.0 - 1.0, 0.0, 1.0);
}`;

const HEADER = `#version 300 es
precision highp float;
precision highp int;
uniform sampler2D u_src;
uniform ivec2 u_size;   // the output (and, but for pixelate, the input) size
uniform bool u_flip;    // drawing to the canvas: its row 0 is the image's bottom row
out vec4 o_color;
ivec2 pix() {
  ivec2 p = ivec2(gl_FragCoord.xy);
  if (u_flip) p.y = u_size.y - 1 - p.y;
  return p;
}
vec4 at(ivec2 p) { return texelFetch(u_src, clamp(p, ivec2(0), u_size - 1), 0); }
vec3 rgb(ivec2 p) { return at(p).rgb * 255.0; }
// To 8 bits, half up, as the reference kernels round.
vec3 q(vec3 v) { return clamp(floor(v + 0.5), 0.0, 255.0) / 255.0; }
void put(vec3 v, float a) { o_color = vec4(q(v), a); }
`;

export type ProgramName =
  'copy' | 'matrix' | 'levels' | 'vignette' | 'grain' | 'pixelateDown' | 'pixelateUp' | 'blurH' | 'blurV' | 'shift';

const blurLoop = (dir: string, body: string) => `
  float s2 = 2.0 * u_sigma * u_sigma;
  int r = int(ceil(3.0 * u_sigma));
  vec3 sum = vec3(0.0);
  float wsum = 0.0;
  for (int t = -r; t <= r; t++) {
    float w = exp(-float(t * t) / s2);
    sum += w * rgb(p + ${dir} * t);
    wsum += w;
  }
  ${body}`;

export const FRAGMENT: Record<ProgramName, string> = {
  // The source (image, video frame, canvas) scaled to the output size.
  copy: `${HEADER}
void main() {
  ivec2 p = pix();
  vec4 c = texture(u_src, (vec2(p) + 0.5) / vec2(u_size));
  put(c.rgb * 255.0, c.a);
}`,
  matrix: `${HEADER}
uniform mat3 u_m;  // column-major: the transpose of the row-major data
void main() {
  ivec2 p = pix();
  put(u_m * rgb(p), at(p).a);
}`,
  levels: `${HEADER}
uniform vec3 u_gain;
uniform vec3 u_offset;
void main() {
  ivec2 p = pix();
  put(u_gain * rgb(p) + u_offset * 255.0, at(p).a);
}`,
  vignette: `${HEADER}
uniform float u_strength;
uniform float u_inner;
void main() {
  ivec2 p = pix();
  vec2 d2 = (2.0 * vec2(p) + 1.0) / vec2(u_size) - 1.0;
  float d = length(d2) / sqrt(2.0);
  float f = 1.0 - u_strength * smoothstep(u_inner, 1.0, d);
  put(rgb(p) * f, at(p).a);
}`,
  grain: `${HEADER}
uniform float u_amount;
uniform uint u_seed;
const uint P = ${GRAIN_PRIME}u;
uint perm(uint v) {
  uint r = (v * v) % P;
  return v <= (P >> 1) ? r : P - r;
}
void main() {
  ivec2 p = pix();
  uvec2 u = uvec2(p);
  uint k0 = (u.x * ${GRAIN_MUL[0]}u + u.y * ${GRAIN_MUL[1]}u + u_seed * ${GRAIN_MUL[2]}u) % P;
  uint k2 = perm((perm(k0) + ${GRAIN_ROUND2}u) % P);
  float n = 255.0 * u_amount * (float(k2) / float(P) - 0.5);
  put(rgb(p) + n, at(p).a);
}`,
  // Pass 1: one texel per block, the mean of the block (u_size is the image, u_out the blocks).
  pixelateDown: `${HEADER}
uniform int u_block;
void main() {
  ivec2 cell = ivec2(gl_FragCoord.xy);
  ivec2 o = cell * u_block;
  ivec2 e = min(o + u_block, u_size);
  vec3 sum = vec3(0.0);
  for (int y = o.y; y < e.y; y++) {
    for (int x = o.x; x < e.x; x++) {
      sum += rgb(ivec2(x, y));
    }
  }
  vec2 n = vec2(e - o);
  put(sum / (n.x * n.y), at(o).a);
}`,
  // Pass 2: every pixel takes its block's texel (u_src is the block texture).
  pixelateUp: `${HEADER}
uniform int u_block;
uniform sampler2D u_orig;
void main() {
  ivec2 p = pix();
  vec3 c = texelFetch(u_src, p / u_block, 0).rgb * 255.0;
  put(c, texelFetch(u_orig, p, 0).a);
}`,
  blurH: `${HEADER}
uniform float u_sigma;
void main() {
  ivec2 p = pix();
  ${blurLoop('ivec2(1, 0)', 'put(sum / wsum, at(p).a);')}
}`,
  // The vertical half, mixed with the original (u_orig).
  blurV: `${HEADER}
uniform float u_sigma;
uniform float u_mix;
uniform sampler2D u_orig;
void main() {
  ivec2 p = pix();
  ${blurLoop('ivec2(0, 1)', 'vec4 orig = texelFetch(u_orig, p, 0);\n  put(u_mix * (sum / wsum) + (1.0 - u_mix) * orig.rgb * 255.0, orig.a);')}
}`,
  shift: `${HEADER}
uniform ivec2 u_r;
uniform ivec2 u_g;
uniform ivec2 u_b;
void main() {
  ivec2 p = pix();
  put(vec3(rgb(p - u_r).r, rgb(p - u_g).g, rgb(p - u_b).b), at(p).a);
}`,
};
