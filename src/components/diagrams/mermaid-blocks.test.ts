import { describe, expect, it } from 'vitest';
import { mermaidBlocksHastPlugin, mermaidSource } from './mermaid-blocks.ts';

const pre = (lang: string, text: string, withData = true) => ({
  type: 'element' as const,
  tagName: 'pre',
  properties: {},
  children: [
    {
      type: 'element' as const,
      tagName: 'code',
      properties: { className: [`language-${lang}`] },
      data: withData ? { lang } : undefined,
      children: [{ type: 'text' as const, value: text }],
    },
  ],
});

describe('mermaidSource', () => {
  it('finds the source of a ```mermaid block, by data.lang or by class', () => {
    expect(mermaidSource(pre('mermaid', 'graph TD\n  A --> B\n'))).toBe('graph TD\n  A --> B\n');
    expect(mermaidSource(pre('mermaid', 'graph LR', false))).toBe('graph LR');
  });

  it('ignores other code blocks', () => {
    expect(mermaidSource(pre('js', 'let a'))).toBeUndefined();
    expect(mermaidSource({ type: 'element', tagName: 'pre', children: [{ type: 'text', value: 'x' }] })).toBeUndefined();
  });
});

describe('mermaidBlocksHastPlugin', () => {
  it('replaces the block with <pre class="mermaid"> holding the plain source', () => {
    const plugin = mermaidBlocksHastPlugin();
    expect(plugin.element.filter).toEqual(['pre']);
    expect(plugin.element.visit(pre('mermaid', 'graph TD\n  A["<b>"] --> B\n'))).toEqual({
      type: 'element',
      tagName: 'pre',
      properties: { className: ['mermaid', 'not-content'] },
      children: [{ type: 'text', value: 'graph TD\n  A["<b>"] --> B\n' }],
    });
    expect(plugin.element.visit(pre('sh', 'ls'))).toBeUndefined();
  });
});
