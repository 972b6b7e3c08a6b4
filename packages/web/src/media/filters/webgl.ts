// The WebGL2 renderer of the filters: the source goes into a texture, each step of the filter's
// data is one pass (two for blur and pixelate) into an RGBA8 texture, and the last pass draws on
// the canvas. Programs, textures and framebuffers are made once per canvas and reused, so a live
// camera preview costs only the passes.
import { FILTERS, blurSigmaPx, pixelBlock, shiftPx, type FilterId, type FilterStep } from '@anytime/protocol';
import { FRAGMENT, VERTEX, type ProgramName } from './shaders.js';

export type FilterSource = ImageBitmap | HTMLVideoElement | HTMLCanvasElement | HTMLImageElement;

interface Target {
  tex: WebGLTexture;
  fb: WebGLFramebuffer;
  w: number;
  h: number;
}

type Uniform = number | readonly number[] | boolean;

export class WebGlFilterRenderer {
  private readonly programs = new Map<ProgramName, WebGLProgram>();
  private readonly source: WebGLTexture;
  private readonly targets = new Map<string, Target>();

  constructor(private readonly gl: WebGL2RenderingContext) {
    this.source = this.texture(true);
  }

  /** Draws `source` through `filter` on the canvas, at the canvas's size. */
  render(source: FilterSource, filter: FilterId): void {
    const { gl } = this;
    const w = gl.drawingBufferWidth;
    const h = gl.drawingBufferHeight;
    gl.bindTexture(gl.TEXTURE_2D, this.source);
    gl.pixelStorei(gl.UNPACK_FLIP_Y_WEBGL, false);
    gl.pixelStorei(gl.UNPACK_PREMULTIPLY_ALPHA_WEBGL, false);
    gl.pixelStorei(gl.UNPACK_COLORSPACE_CONVERSION_WEBGL, gl.NONE);
    gl.texImage2D(gl.TEXTURE_2D, 0, gl.RGBA8, gl.RGBA, gl.UNSIGNED_BYTE, source);

    const steps = FILTERS[filter].steps;
    if (steps.length === 0) {
      this.pass('copy', this.source, null, w, h, {});
      return;
    }
    let current = this.target('a', w, h);
    this.pass('copy', this.source, current, w, h, {});
    steps.forEach((step, i) => {
      const last = i === steps.length - 1;
      const out = last ? null : this.target(current === this.targets.get('a') ? 'b' : 'a', w, h);
      this.step(step, current, out, w, h);
      if (out) current = out;
    });
  }

  /** Frees the GPU objects (the canvas can then be dropped). */
  dispose(): void {
    const { gl } = this;
    for (const p of this.programs.values()) gl.deleteProgram(p);
    for (const t of this.targets.values()) {
      gl.deleteFramebuffer(t.fb);
      gl.deleteTexture(t.tex);
    }
    gl.deleteTexture(this.source);
    this.programs.clear();
    this.targets.clear();
  }

  private step(step: FilterStep, input: Target, out: Target | null, w: number, h: number): void {
    switch (step.op) {
      case 'matrix': {
        const m = step.m;
        // mat3 uniforms are column-major.
        return this.pass('matrix', input.tex, out, w, h, {
          u_m: [m[0], m[3], m[6], m[1], m[4], m[7], m[2], m[5], m[8]],
        });
      }
      case 'levels':
        return this.pass('levels', input.tex, out, w, h, { u_gain: step.gain, u_offset: step.offset });
      case 'vignette':
        return this.pass('vignette', input.tex, out, w, h, { u_strength: step.strength, u_inner: step.inner });
      case 'grain':
        return this.pass('grain', input.tex, out, w, h, { u_amount: step.amount, u_seed: step.seed });
      case 'shift':
        return this.pass('shift', input.tex, out, w, h, {
          u_r: shiftPx(step.r, w, h),
          u_g: shiftPx(step.g, w, h),
          u_b: shiftPx(step.b, w, h),
        });
      case 'pixelate': {
        const b = pixelBlock(step.size, w, h);
        const cells = this.target('cells', Math.ceil(w / b), Math.ceil(h / b));
        this.pass('pixelateDown', input.tex, cells, w, h, { u_block: b });
        return this.pass('pixelateUp', cells.tex, out, w, h, { u_block: b }, input.tex);
      }
      case 'blur': {
        const sigma = blurSigmaPx(step.sigma, w, h);
        const tmp = this.target('blur', w, h);
        this.pass('blurH', input.tex, tmp, w, h, { u_sigma: sigma });
        return this.pass('blurV', tmp.tex, out, w, h, { u_sigma: sigma, u_mix: step.mix }, input.tex);
      }
    }
  }

  /** One full-viewport pass; `size` is the image size the shader sees as u_size. */
  private pass(
    name: ProgramName,
    input: WebGLTexture,
    out: Target | null,
    w: number,
    h: number,
    uniforms: Record<string, Uniform>,
    orig?: WebGLTexture,
  ): void {
    const { gl } = this;
    const program = this.program(name);
    gl.useProgram(program);
    gl.bindFramebuffer(gl.FRAMEBUFFER, out ? out.fb : null);
    gl.viewport(0, 0, out ? out.w : w, out ? out.h : h);
    gl.activeTexture(gl.TEXTURE0);
    gl.bindTexture(gl.TEXTURE_2D, input);
    gl.uniform1i(gl.getUniformLocation(program, 'u_src'), 0);
    if (orig) {
      gl.activeTexture(gl.TEXTURE1);
      gl.bindTexture(gl.TEXTURE_2D, orig);
      gl.uniform1i(gl.getUniformLocation(program, 'u_orig'), 1);
      gl.activeTexture(gl.TEXTURE0);
    }
    // pixelateUp reads the block texture, but its pixels are the image's.
    gl.uniform2i(gl.getUniformLocation(program, 'u_size'), w, h);
    gl.uniform1i(gl.getUniformLocation(program, 'u_flip'), out ? 0 : 1);
    for (const [key, value] of Object.entries(uniforms)) this.uniform(program, key, value);
    gl.drawArrays(gl.TRIANGLES, 0, 3);
  }

  private uniform(program: WebGLProgram, key: string, value: Uniform): void {
    const { gl } = this;
    const loc = gl.getUniformLocation(program, key);
    if (typeof value === 'boolean') gl.uniform1i(loc, value ? 1 : 0);
    else if (typeof value === 'number') {
      if (key === 'u_seed') gl.uniform1ui(loc, value);
      else if (key === 'u_block') gl.uniform1i(loc, value);
      else gl.uniform1f(loc, value);
    } else if (value.length === 9) gl.uniformMatrix3fv(loc, false, value);
    else if (value.length === 3) gl.uniform3fv(loc, value);
    else if (value.length === 2) gl.uniform2i(loc, value[0]!, value[1]!);
    else throw new Error(`no uniform of length ${value.length}`);
  }

  private program(name: ProgramName): WebGLProgram {
    const cached = this.programs.get(name);
    if (cached) return cached;
    const { gl } = this;
    const program = gl.createProgram();
    for (const [type, src] of [
      [gl.VERTEX_SHADER, VERTEX],
      [gl.FRAGMENT_SHADER, FRAGMENT[name]],
    ] as const) {
      const shader = gl.createShader(type);
      if (!shader) throw new Error('WebGL: cannot create a shader');
      gl.shaderSource(shader, src);
      gl.compileShader(shader);
      if (!gl.getShaderParameter(shader, gl.COMPILE_STATUS)) {
        throw new Error(`WebGL: ${name} does not compile: ${gl.getShaderInfoLog(shader) ?? ''}`);
      }
      gl.attachShader(program, shader);
      gl.deleteShader(shader);
    }
    gl.linkProgram(program);
    if (!gl.getProgramParameter(program, gl.LINK_STATUS)) {
      throw new Error(`WebGL: ${name} does not link: ${gl.getProgramInfoLog(program) ?? ''}`);
    }
    this.programs.set(name, program);
    return program;
  }

  private texture(linear: boolean): WebGLTexture {
    const { gl } = this;
    const tex = gl.createTexture();
    gl.bindTexture(gl.TEXTURE_2D, tex);
    const f = linear ? gl.LINEAR : gl.NEAREST;
    gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MIN_FILTER, f);
    gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MAG_FILTER, f);
    gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_WRAP_S, gl.CLAMP_TO_EDGE);
    gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_WRAP_T, gl.CLAMP_TO_EDGE);
    return tex;
  }

  /** An RGBA8 texture with its framebuffer, kept per name and remade when the size changes. */
  private target(name: string, w: number, h: number): Target {
    const { gl } = this;
    const t = this.targets.get(name);
    if (t && t.w === w && t.h === h) return t;
    if (t) {
      gl.deleteFramebuffer(t.fb);
      gl.deleteTexture(t.tex);
    }
    const tex = this.texture(false);
    gl.texImage2D(gl.TEXTURE_2D, 0, gl.RGBA8, w, h, 0, gl.RGBA, gl.UNSIGNED_BYTE, null);
    const fb = gl.createFramebuffer();
    gl.bindFramebuffer(gl.FRAMEBUFFER, fb);
    gl.framebufferTexture2D(gl.FRAMEBUFFER, gl.COLOR_ATTACHMENT0, gl.TEXTURE_2D, tex, 0);
    const made = { tex, fb, w, h };
    this.targets.set(name, made);
    return made;
  }
}
