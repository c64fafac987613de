import { existsSync } from 'node:fs';
import { Resvg, renderAsync, type ResvgRenderOptions } from '@resvg/resvg-js';

/**
 * SVG → PNG with resvg (a Rust renderer shipped as a prebuilt Node addon: no browser, no canvas
 * build). Text needs a font: resvg is given the system fonts and, when one is found, a DejaVu or
 * Liberation file by path (Debian's fonts-dejavu-core). Without any font the picture still
 * renders, with its lines and points but no words; `fontFound` says which it was.
 */
export const FONT_CANDIDATES = [
  '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf',
  '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf',
  '/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf',
  '/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf',
  '/usr/share/fonts/dejavu/DejaVuSans.ttf',
  '/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf',
];

export interface RenderOptions {
  /** Font files to use besides the system's (e.g. a TTF shipped with a deployment). */
  fontFiles?: readonly string[];
  /** Look for fonts (system and known paths); false renders with no font at all (tests of that case). */
  findFonts?: boolean;
}

export function fontFiles(extra: readonly string[] = []): string[] {
  return [...extra, ...FONT_CANDIDATES].filter((f) => existsSync(f));
}

function resvgOptions(opts: RenderOptions): { options: ResvgRenderOptions; fontFound: boolean } {
  const find = opts.findFonts ?? true;
  const files = find ? fontFiles(opts.fontFiles) : [];
  const options: ResvgRenderOptions = {
    background: '#ffffff',
    font: {
      loadSystemFonts: find,
      fontFiles: files,
      defaultFontFamily:
        files.some((f) => f.includes('Liberation')) && !files.some((f) => f.includes('DejaVu'))
          ? 'Liberation Sans'
          : 'DejaVu Sans',
      sansSerifFamily: 'DejaVu Sans',
    },
    logLevel: 'off',
  };
  return { options, fontFound: files.length > 0 };
}

export function svgToPng(svg: string, opts: RenderOptions = {}): { png: Buffer; fontFound: boolean } {
  const { options, fontFound } = resvgOptions(opts);
  return { png: new Resvg(svg, options).render().asPng(), fontFound };
}

/**
 * The same picture rendered on libuv's thread pool (resvg's renderAsync): the fonts are loaded and
 * the pixels drawn off the event loop, so the desk keeps answering others meanwhile.
 */
export async function svgToPngAsync(svg: string, opts: RenderOptions = {}): Promise<{ png: Buffer; fontFound: boolean }> {
  const { options, fontFound } = resvgOptions(opts);
  const image = await renderAsync(svg, options);
  return { png: image.asPng(), fontFound };
}
