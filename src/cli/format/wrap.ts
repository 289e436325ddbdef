/** Python's `textwrap.wrap`, enough for argparse help and prettytable's `--max-width` cells. */

// Python's textwrap.TextWrapper.wordsep_re: whitespace, em-dashes, words split after their hyphens.
const WP = `[\\w!"'&.,?]`;
const LT = '[^\\d\\W]';
const WS = '[\\t\\n\\x0b\\x0c\\r ]';
const NWS = '[^\\t\\n\\x0b\\x0c\\r ]';
const WORDSEP = new RegExp(
  `(${WS}+|(?<=${WP})-{2,}(?=\\w)|${NWS}+?(?:-(?:(?<=${LT}{2}-)|(?<=${LT}-${LT}-))(?=${LT}-?${LT})|(?=${WS}|$)|(?<=${WP})(?=-{2,}\\w)))`,
);

/** Splits text into the chunks textwrap breaks lines between. */
function chunks(text: string): string[] {
  return text.split(WORDSEP).filter((c) => c);
}

/** Wraps `text` (whitespace collapsed) into lines of at most `width` characters. */
export function wrapText(text: string, width: number): string[] {
  const words = chunks(text.replace(/\s+/g, ' ').trim()).reverse();
  return wrapChunks(words, width);
}

/** Wraps one line keeping its spaces (prettytable's textwrap.fill of a cell line). */
export function fillLine(line: string, width: number): string {
  return wrapChunks(chunks(line.replace(/\s/g, ' ')).reverse(), width).join('\n');
}

function wrapChunks(stack: string[], width: number): string[] {
  const lines: string[] = [];
  while (stack.length) {
    const cur: string[] = [];
    let len = 0;
    if (stack[stack.length - 1].trim() === '' && lines.length) stack.pop();
    while (stack.length && len + stack[stack.length - 1].length <= width) {
      const c = stack.pop()!;
      cur.push(c);
      len += c.length;
    }
    if (stack.length && stack[stack.length - 1].length > width) {
      // A word longer than a line is cut (break_long_words).
      const room = Math.max(width - len, cur.length ? 0 : 1);
      if (room > 0) {
        const c = stack.pop()!;
        cur.push(c.slice(0, room));
        stack.push(c.slice(room));
      }
    }
    while (cur.length && cur[cur.length - 1].trim() === '') cur.pop();
    if (cur.length) lines.push(cur.join(''));
  }
  return lines;
}
