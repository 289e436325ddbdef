/**
 * Build-time SVG rendering of mermaid text with beautiful-mermaid (no DOM, no browser), then
 * tidied for inlining: the theme <style> (which would leak to the whole page and fetch a web
 * font) is dropped in favour of the component's CSS, ids are made unique, coordinates are
 * rounded and mermaid entity codes are decoded.
 */
import { renderMermaidSVG } from 'beautiful-mermaid';
import { decodeMermaidEntities } from './mermaid-label.ts';

/** What an inline diagram needs: the SVG's inner markup and its natural size in px. */
export interface RenderedSvg {
  inner: string;
  width: number;
  height: number;
}

/**
 * beautiful-mermaid sizes label boxes for Inter. Common fallback fonts (DejaVu Sans, Open Sans,
 * Noto Sans) run up to a quarter wider, so the text of notes and edge labels would spill out
 * of its box. Widen those boxes around their centred text.
 */
const LABEL_BOX_SLACK = 1.25;

function widenAround(cx: number, x: number): number {
  return cx + (x - cx) * LABEL_BOX_SLACK;
}

function widenLabelBoxes(svg: string): string {
  return svg.replace(/(<g class="(?:note|edge-label)"[^>]*>)([\s\S]*?)(<\/g>)/g, (_m, open: string, body: string, close: string) => {
    const cx = Number(body.match(/<text\b[^>]*\sx="([-\d.]+)"[^>]*text-anchor="middle"/)?.[1]);
    if (!Number.isFinite(cx)) return open + body + close;
    const widened = body
      .replace(/(<polygon\b[^>]*\spoints=")([^"]+)"/g, (_p, head: string, pts: string) =>
        head + pts.replace(/(-?[\d.]+),(-?[\d.]+)/g, (_q, x: string, y: string) => `${widenAround(cx, Number(x))},${y}`) + '"',
      )
      .replace(/<rect\b([^>]*)\sx="([-\d.]+)"([^>]*)\swidth="([\d.]+)"/, (_r, a: string, _x: string, b: string, w: string) => {
        const width = Number(w) * LABEL_BOX_SLACK;
        return `<rect${a} x="${cx - width / 2}"${b} width="${width}"`;
      });
    return open + widened + close;
  });
}

const roundNumbers = (value: string): string =>
  value.replace(/-?\d+\.\d+/g, (n) => String(Math.round(Number(n) * 10) / 10));

/** Returns the diagram for `source` as SVG markup; ids are prefixed with `idPrefix`. */
export function renderDiagramSvg(source: string, idPrefix: string): RenderedSvg {
  const raw = renderMermaidSVG(source, {
    // Placeholders only: the component's CSS sets --bg/--fg from Starlight's colours.
    bg: 'var(--bg)',
    fg: 'var(--fg)',
    transparent: true,
    // The page gives the frame its margins; the default 40 px would waste an eighth of a phone.
    padding: 12,
  });
  const open = raw.match(/^<svg\b[^>]*>/);
  const box = open?.[0].match(/viewBox="0 0 ([\d.]+) ([\d.]+)"/);
  if (!open || !box) throw new Error('beautiful-mermaid returned no <svg viewBox>: check the diagram source');
  let inner = raw.slice(open[0].length, raw.lastIndexOf('</svg>'));

  const style = inner.match(/<style>[\s\S]*?<\/style>/);
  if (!style || !style[0].includes('--_text:')) {
    throw new Error('beautiful-mermaid changed its theme <style>: update Diagram.astro to match');
  }
  inner = inner.replace(style[0], '');

  // Keep ids unique when several diagrams share a page.
  const ids = [...inner.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
  for (const id of ids) {
    inner = inner
      .replaceAll(`id="${id}"`, `id="${idPrefix}-${id}"`)
      .replaceAll(`url(#${id})`, `url(#${idPrefix}-${id})`)
      .replaceAll(`href="#${id}"`, `href="#${idPrefix}-${id}"`);
  }

  inner = widenLabelBoxes(inner)
    .replace(/\sdata-[\w-]+="[^"]*"/g, '') // labels repeated as attributes: bytes only
    .replace(/\s(x|y|x1|y1|x2|y2|cx|cy|r|rx|ry|dy|width|height|points|d|transform)="([^"]*)"/g, (_m, k: string, v: string) => ` ${k}="${roundNumbers(v)}"`)
    .replace(/>\s+</g, '><')
    .trim();

  return {
    inner: decodeMermaidEntities(inner),
    width: Math.ceil(Number(box[1])),
    height: Math.ceil(Number(box[2])),
  };
}
