/**
 * Hand-written ```mermaid code blocks: left in the page as `<pre class="mermaid">` holding the
 * source (instead of being highlighted as code), for `mermaid-loader.ts` to draw in the browser.
 */
import type { AstroIntegration } from 'astro';

interface HastText {
  type: 'text';
  value: string;
}
interface HastElement {
  type: 'element';
  tagName: string;
  properties?: Record<string, unknown>;
  children: (HastElement | HastText | { type: string })[];
  data?: { lang?: string | null };
}

/** The class a mermaid block carries in the built HTML; the loader looks for it. */
export const MERMAID_BLOCK_CLASS = 'mermaid';

/** Returns the mermaid source if `pre` is a ```mermaid block (`pre > code.language-mermaid`), else undefined. */
export function mermaidSource(pre: HastElement): string | undefined {
  const [code, ...rest] = pre.children;
  if (rest.length || !code || code.type !== 'element') return undefined;
  const el = code as HastElement;
  const classes = el.properties?.className;
  const lang = el.data?.lang ?? (Array.isArray(classes) ? classes.find((c) => String(c).startsWith('language-'))?.toString().slice(9) : undefined);
  if (el.tagName !== 'code' || lang !== 'mermaid') return undefined;
  return el.children.map((c) => (c.type === 'text' ? (c as HastText).value : '')).join('');
}

/** A Sätteri hast plugin that turns each ```mermaid block into `<pre class="mermaid">source</pre>`. */
export function mermaidBlocksHastPlugin() {
  return {
    name: 'stackbook-mermaid-blocks',
    element: {
      filter: ['pre'],
      visit(node: HastElement): HastElement | void {
        const source = mermaidSource(node);
        if (source === undefined) return;
        return {
          type: 'element',
          tagName: 'pre',
          properties: { className: [MERMAID_BLOCK_CLASS, 'not-content'] },
          children: [{ type: 'text', value: source }],
        };
      },
    },
  };
}

/**
 * Registers the plugin ahead of Expressive Code (which would otherwise turn the block into
 * highlighted code). List it before `starlight()` in `integrations`.
 */
export function mermaidBlocks(): AstroIntegration {
  return {
    name: 'stackbook-mermaid-blocks',
    hooks: {
      'astro:config:setup': ({ config }) => {
        const processor = config.markdown.processor as { name: string; options?: { hastPlugins?: unknown[] } };
        const plugins = processor?.options?.hastPlugins;
        if (!Array.isArray(plugins)) {
          throw new Error(`mermaidBlocks() needs Astro's default Sätteri markdown processor, found ${processor?.name}`);
        }
        plugins.unshift(mermaidBlocksHastPlugin);
      },
    },
  };
}
