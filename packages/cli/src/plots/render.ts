/**
 * Vega-Lite specification -> SVG (vega-lite compiles it, vega renders it headless) -> PNG (resvg).
 * The libraries are loaded here, on first use, so that commands that draw nothing never load them.
 * Every picture has a fixed layout (autosize none, fixed padding), so that a point of the data lands
 * on a known pixel: `(padding.left + x, padding.top + y)` in SVG units, times PNG_ZOOM in the PNG.
 */
import { extname } from 'node:path';
import type { TopLevelSpec } from 'vega-lite';
import { writeOutput } from '../files.js';
import { UserError } from '../user-error.js';

/** PNG pixels per SVG unit. */
export const PNG_ZOOM = 2;

export type PictureFormat = 'svg' | 'png';

/** The format of a picture file by its extension; a UserError naming the option otherwise. */
export function pictureFormat(path: string, option: string): PictureFormat {
  const extension = extname(path).toLowerCase();
  if (extension === '.svg') return 'svg';
  if (extension === '.png') return 'png';
  throw new UserError(`${option} ${path}: unknown picture format '${extension}'; expected .svg or .png`);
}

export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const [vegaLite, vega] = await Promise.all([import('vega-lite'), import('vega')]);
  const compiled = vegaLite.compile(spec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

export async function svgToPng(svg: string): Promise<Uint8Array> {
  const { Resvg } = await import('@resvg/resvg-js');
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: PNG_ZOOM },
    background: 'white',
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' },
  });
  return resvg.render().asPng();
}

/** Renders the picture and writes it atomically (SVG or PNG by the file's extension). */
export async function writePicture(path: string, option: string, spec: TopLevelSpec): Promise<void> {
  const format = pictureFormat(path, option);
  const svg = await renderSvg(spec);
  writeOutput(path, format === 'svg' ? svg : await svgToPng(svg));
}
