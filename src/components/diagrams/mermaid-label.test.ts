import { describe, expect, it } from 'vitest';
import { renderMermaidSVG } from 'beautiful-mermaid';
import { decodeMermaidEntities, mermaidLabel } from './mermaid-label.ts';

describe('mermaidLabel', () => {
  it('leaves plain words, dots, slashes and colons alone', () => {
    expect(mermaidLabel('nova-api: GET /v2.1/servers 203.0.113.103')).toBe('nova-api: GET /v2.1/servers 203.0.113.103');
  });

  it('writes syntax characters as mermaid entity codes', () => {
    expect(mermaidLabel('a"b')).toBe('a#34;b');
    expect(mermaidLabel('[x](y){z}|w')).toBe('#91;x#93;#40;y#41;#123;z#125;#124;w');
    expect(mermaidLabel('<b>bold</b> & **md** ~~s~~')).toBe('#60;b#62;bold#60;/b#62; #38; #42;#42;md#42;#42; #126;#126;s#126;#126;');
    expect(mermaidLabel('50% ; #1 \\n `x`')).toBe('50#37; #59; #35;1 #92;n #96;x#96;');
  });

  it('keeps the label on one line', () => {
    expect(mermaidLabel('line one\n  line two\r\n\tthree')).toBe('line one line two three');
    expect(mermaidLabel('  padded  ')).toBe('padded');
  });

  it('makes a hostile server name render as one inert node', () => {
    const name = 'web"] --> evil["pwned<br>x';
    const svg = renderMermaidSVG(`flowchart LR\n  a["${mermaidLabel(name)}"] --> b["ok"]\n`);
    expect(svg.match(/class="node"/g)).toHaveLength(2);
    expect(decodeMermaidEntities(svg)).toContain('web&#34;&#93; --&#62; evil&#91;&#34;pwned&#60;br&#62;x');
    expect(svg).not.toContain('pwned</');
  });
});

describe('decodeMermaidEntities', () => {
  it('turns entity codes in text into character references', () => {
    expect(decodeMermaidEntities('<text x="1">a#34;b</text>')).toBe('<text x="1">a&#34;b</text>');
    expect(decodeMermaidEntities('<tspan>#123;id#125;</tspan>')).toBe('<tspan>&#123;id&#125;</tspan>');
  });

  it('leaves attributes and CSS colours alone', () => {
    const s = '<rect fill="#333;"/><style>a{color:#333;}</style>';
    expect(decodeMermaidEntities(s)).toBe(s);
  });
});
