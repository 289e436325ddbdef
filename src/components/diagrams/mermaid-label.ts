/**
 * Escaping for text that goes into mermaid source.
 *
 * Every label a builder writes passes through `mermaidLabel()`, so a user's server name
 * such as `web"] --> x` or `<b>db</b>` renders as those characters and cannot add nodes,
 * edges, line breaks or formatting.
 */

// Characters with a meaning somewhere in flowchart or sequence syntax, in beautiful-mermaid's
// markdown-ish label formatting (`**`, `*`, `~~`, `<br>`, `\n`), or in mermaid's own entity
// codes (`#35;`). Each becomes mermaid's numeric entity code `#<code point>;`.
const SPECIAL = /["#&<>[\](){}|;*~\\%`]/g;

/** Returns `text` on one line with every syntax character written as a mermaid entity code (`#34;`). */
export function mermaidLabel(text: string): string {
  return String(text)
    .replace(/[\r\n\t\f\v\u2028\u2029]+/g, ' ')
    .replace(/ {2,}/g, ' ')
    .trim()
    .replace(SPECIAL, (ch) => `#${ch.codePointAt(0)};`);
}

/** Returns SVG text with mermaid entity codes (`#34;`) inside <text>/<tspan> turned into XML character references. */
export function decodeMermaidEntities(svg: string): string {
  // beautiful-mermaid prints entity codes literally; mermaid itself decodes them.
  // Only text content is touched, so CSS colours such as `#333;` stay as they are.
  return svg.replace(/(<(?:text|tspan)\b[^>]*>)([^<]*)/g, (_m, tag: string, body: string) =>
    tag + body.replace(/#(\d{1,7});/g, '&#$1;'),
  );
}
