// @ts-check
import { defineConfig } from 'astro/config';
import starlight from '@astrojs/starlight';
import mdx from '@astrojs/mdx';
import { mermaidBlocks } from './src/components/diagrams/mermaid-blocks.ts';
import { e2eFixtures } from './tests/e2e/fixtures/integration.mjs';

// `base` lets the static site live in a sub-folder: STACKBOOK_BASE=/stackbook npm run build
const base = process.env.STACKBOOK_BASE || '/';

export default defineConfig({
  base,
  integrations: [
    // Before starlight(): ```mermaid blocks must be taken out before Expressive Code sees them.
    mermaidBlocks(),
    starlight({
      title: 'Stackbook',
      description: 'Learn how an OpenStack cloud works, by reading and by running one in your browser.',
      sidebar: [
        { label: 'Start here', items: [{ label: 'How to use Stackbook', slug: 'index' }] },
        { label: 'Concepts', items: [{ autogenerate: { directory: 'concepts' } }] },
        { label: 'Services', items: [{ autogenerate: { directory: 'services' } }] },
        { label: 'Reference', items: [{ autogenerate: { directory: 'reference' } }] },
      ],
      components: {
        // Adds the lazy mermaid loader to pages that contain a hand-written mermaid block.
        MarkdownContent: './src/components/diagrams/MarkdownContent.astro',
      },
    }),
    mdx(),
    e2eFixtures(),
  ],
});
