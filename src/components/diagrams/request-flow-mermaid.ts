/**
 * Sequence diagrams from a trace: each hop becomes an arrow whose look says how it travelled.
 * REST requests and RPC calls are solid arrows with a filled head, RPC casts (fire and forget)
 * have an open head, replies are dashed, and database writes or internal steps become notes.
 */
import { mermaidLabel } from './mermaid-label.ts';

/** The part of a trace record a sequence diagram needs (a simulator TraceRecord fits). */
export interface FlowStep {
  from: string;
  to: string;
  kind: string;
  summary: string;
  status?: number;
}

/** A column of the diagram. `name` is the component name used in the trace, e.g. `nova-api`. */
export interface FlowParticipant {
  name: string;
  label: string;
}

/** Column order and labels. Names not listed get a column of their own, in order of appearance. */
export interface FlowOpts {
  participants: FlowParticipant[];
  /** Prefix each arrow with its number (1, 2, …). Default true. */
  numbered?: boolean;
}

/** How a kind of hop is drawn: a mermaid arrow, or a note over the sender. */
const ARROWS: Record<string, { arrow: string; prefix: string; transport: string }> = {
  http: { arrow: '->>', prefix: '', transport: 'REST' },
  'rpc.call': { arrow: '->>', prefix: 'call ', transport: 'RPC call' },
  'rpc.cast': { arrow: '-)', prefix: 'cast ', transport: 'RPC cast' },
  reply: { arrow: '-->>', prefix: '', transport: 'reply' },
  hypervisor: { arrow: '->>', prefix: '', transport: 'libvirt' },
  agent: { arrow: '->>', prefix: '', transport: 'agent' },
};
const NOTES = new Set(['db', 'event']);
const SKIPPED = new Set(['rpc.deliver']);

/** Strips the `@host` part of a trace name (`nova-compute@compute1` is the `nova-compute` column). */
function componentOf(name: string): string {
  const at = name.indexOf('@');
  return at < 0 ? name : name.slice(0, at);
}

/** One drawn item, shared by the mermaid text and the text alternative. */
export interface FlowLine {
  number?: number;
  from: string;
  to: string;
  kind: string;
  /** How the hop travels, in words: REST, RPC call, RPC cast, reply, libvirt, … */
  transport: string;
  /** The label as drawn (`cast build_and_run_instance`). */
  text: string;
  /** The same without the transport prefix, for text that names the transport itself. */
  words: string;
  note: boolean;
}

/** Returns the participants (in column order) and the items the diagram draws, numbered. */
export function requestFlowLines(trace: FlowStep[], opts: FlowOpts): { participants: FlowParticipant[]; lines: FlowLine[] } {
  const participants = [...opts.participants];
  const known = new Map(participants.map((p) => [p.name, p]));
  const column = (raw: string): string => {
    const name = componentOf(raw);
    if (!known.has(name)) {
      const p = { name, label: name };
      known.set(name, p);
      participants.push(p);
    }
    return name;
  };
  const lines: FlowLine[] = [];
  let n = 0;
  for (const step of trace) {
    if (SKIPPED.has(step.kind)) continue;
    const from = column(step.from);
    const to = column(step.to);
    const style = ARROWS[step.kind];
    if (NOTES.has(step.kind) || !style || from === to) {
      lines.push({ from, to, kind: step.kind, transport: step.kind, text: step.summary, words: step.summary, note: true });
      continue;
    }
    const status = step.status ? ` → ${step.status}` : '';
    n += 1;
    lines.push({
      number: opts.numbered === false ? undefined : n,
      from,
      to,
      kind: step.kind,
      transport: style.transport,
      text: `${style.prefix}${step.summary}${status}`,
      words: `${step.summary}${status}`,
      note: false,
    });
  }
  return { participants: participants.filter((p) => lines.some((l) => l.from === p.name || l.to === p.name)), lines };
}

/** Returns the mermaid `sequenceDiagram` text for `trace`, columns in the order of `opts.participants`. */
export function requestFlowMermaid(trace: FlowStep[], opts: FlowOpts): string {
  const { participants, lines } = requestFlowLines(trace, opts);
  const ids = new Map(participants.map((p, i) => [p.name, `p${i}`]));
  const out = ['sequenceDiagram'];
  for (const p of participants) out.push(`  participant ${ids.get(p.name)} as ${mermaidLabel(p.label)}`);
  for (const l of lines) {
    const from = ids.get(l.from)!;
    if (l.note) {
      out.push(`  Note over ${from}: ${mermaidLabel(l.text)}`);
      continue;
    }
    const num = l.number === undefined ? '' : `${l.number}. `;
    out.push(`  ${from}${ARROWS[l.kind].arrow}${ids.get(l.to)}: ${mermaidLabel(num + l.text)}`);
  }
  return out.join('\n') + '\n';
}

