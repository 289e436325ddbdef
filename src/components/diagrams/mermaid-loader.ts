/**
 * Draws hand-written mermaid blocks in the browser. The `mermaid` package (hundreds of KB) is
 * imported only when a block comes near the viewport, and only on pages that have one:
 * MarkdownContent.astro adds this script to those pages alone.
 */
type Mermaid = (typeof import('mermaid'))['default'];

const blocks = [...document.querySelectorAll<HTMLElement>('pre.mermaid')];
let mermaid: Promise<Mermaid> | undefined;
let count = 0;

const theme = () => (document.documentElement.dataset.theme === 'dark' ? 'dark' : 'default');

async function draw(block: HTMLElement): Promise<void> {
  mermaid ??= import('mermaid').then((m) => m.default);
  const api = await mermaid;
  api.initialize({ startOnLoad: false, securityLevel: 'strict', theme: theme() });
  // Keep the source: a theme change draws the block again.
  block.dataset.source ??= block.textContent ?? '';
  try {
    const { svg } = await api.render(`sb-mermaid-${++count}`, block.dataset.source);
    block.innerHTML = svg;
    block.dataset.drawn = theme();
  } catch (err) {
    block.textContent = block.dataset.source;
    block.dataset.drawn = 'error';
    console.warn('mermaid could not draw a diagram:', err);
  }
}

if (blocks.length) {
  const io = new IntersectionObserver(
    (entries) => {
      for (const e of entries) {
        if (!e.isIntersecting) continue;
        io.unobserve(e.target);
        void draw(e.target as HTMLElement);
      }
    },
    { rootMargin: '300px 0px' },
  );
  for (const b of blocks) io.observe(b);

  new MutationObserver(() => {
    for (const b of blocks) if (b.dataset.drawn && b.dataset.drawn !== theme()) void draw(b);
  }).observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
}
