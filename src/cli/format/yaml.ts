/** PyYAML's `safe_dump(default_flow_style=False)`: sorted keys, unindented sequences, plain or quoted scalars. */
import { PyFloat, pyFloat } from './python.ts';

const RESERVED = /^(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE|yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF|y|Y|n|N|=|<<)$/;
const NUMBER = /^[-+]?(?:[0-9][0-9_]*(?:\.[0-9_]*)?(?:[eE][-+][0-9]+)?|\.[0-9_]+(?:[eE][-+][0-9]+)?|0b[0-1_]+|0x[0-9a-fA-F_]+|[1-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?|\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;
const TIMESTAMP = /^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)?$/;

/** Whether PyYAML would write the string plain (unquoted). */
function plainOk(s: string): boolean {
  if (s === '' || s !== s.trim() || /[\n\r\t\x00-\x08\x0b-\x1f\x7f-\uffff]/.test(s)) return false;
  if (RESERVED.test(s) || NUMBER.test(s) || TIMESTAMP.test(s)) return false;
  if (/^[-?:,\[\]{}#&*!|>'"%@`]/.test(s) && !/^[-?:][^\s]/.test(s)) return false;
  if (/^[-?:]$/.test(s)) return false;
  if (/: |:$| #|[,\[\]{}]/.test(s) && /: |:$| #/.test(s)) return false;
  return true;
}

function scalar(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (v === true) return 'true';
  if (v === false) return 'false';
  if (v instanceof PyFloat) return pyFloat(v.value);
  if (typeof v === 'number') return String(v);
  const s = String(v);
  if (plainOk(s)) return s;
  if (!/[\x00-\x08\x0b-\x1f\x7f-\uffff]/.test(s) && !/[\n\r]/.test(s)) return `'${s.replace(/'/g, "''")}'`;
  return JSON.stringify(s);
}

function isCollection(v: unknown): v is object {
  return !!v && typeof v === 'object' && !(v instanceof PyFloat);
}

function empty(v: object): boolean {
  return Array.isArray(v) ? v.length === 0 : Object.keys(v).length === 0;
}

function emit(v: unknown, indent: number, out: string[]): void {
  const pad = ' '.repeat(indent);
  if (Array.isArray(v)) {
    for (const x of v) {
      if (isCollection(x) && !empty(x)) {
        const sub: string[] = [];
        emit(x, indent + 2, sub);
        sub[0] = `${pad}- ${sub[0].trimStart()}`;
        out.push(...sub);
      } else out.push(`${pad}- ${inline(x)}`);
    }
    return;
  }
  for (const k of Object.keys(v as object).sort()) {
    const x = (v as Record<string, unknown>)[k];
    if (isCollection(x) && !empty(x)) {
      out.push(`${pad}${scalar(k)}:`);
      emit(x, Array.isArray(x) ? indent : indent + 2, out);
    } else out.push(`${pad}${scalar(k)}: ${inline(x)}`);
  }
}

function inline(v: unknown): string {
  if (isCollection(v)) return Array.isArray(v) ? '[]' : '{}';
  return scalar(v);
}

/** One YAML document without `---`, ending in a newline. */
export function pyYaml(v: unknown): string {
  if (!isCollection(v) || empty(v)) return `${inline(v)}\n${isCollection(v) ? '' : '...\n'}`;
  const out: string[] = [];
  emit(v, 0, out);
  return out.join('\n') + '\n';
}
