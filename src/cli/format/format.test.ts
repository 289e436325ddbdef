// Output formats as cliff 4.0.0 / prettytable 3.6.0 / PyYAML / Python's json print them. Expected texts come from
// the real libraries (the yaml and json cases were produced by PyYAML and json.dumps), not from this code.
import { describe, expect, it } from 'vitest';
import { CommandError } from '../errors.ts';
import { addressesColumn, dictColumn, formatDict, listColumn, listDictColumn } from './columns.ts';
import { emit } from './emit.ts';
import { pyJson } from './json.ts';
import { PyFloat, pyRepr } from './python.ts';
import { pyYaml } from './yaml.ts';

const list = (columns: string[], rows: unknown[][]) => ({ type: 'list' as const, columns, rows });
const show = (columns: string[], values: unknown[]) => ({ type: 'show' as const, columns, values });
const IMAGES = list(['ID', 'Name', 'Status'], [['390eb5f7-8d49-41ec-95b7-68c0d5d54b34', 'cirros', 'active']]);

describe('table format', () => {
  it('draws +---+ borders, a header rule and left-aligned text', () => {
    expect(emit(IMAGES, {})).toBe([
      '+--------------------------------------+--------+--------+',
      '| ID                                   | Name   | Status |',
      '+--------------------------------------+--------+--------+',
      '| 390eb5f7-8d49-41ec-95b7-68c0d5d54b34 | cirros | active |',
      '+--------------------------------------+--------+--------+',
      '',
    ].join('\n'));
  });

  it('right-aligns columns whose first value is a number, header included', () => {
    const out = emit(list(['ID', 'RAM', 'Is Public', 'RXTX'], [['0', 64, true, new PyFloat(1)], ['1', 2048, false, new PyFloat(1.5)]]), {});
    expect(out.split('\n').slice(1, 5)).toEqual([
      '| ID |  RAM | Is Public | RXTX |',
      '+----+------+-----------+------+',
      '| 0  |   64 | True      |  1.0 |',
      '| 1  | 2048 | False     |  1.5 |',
    ]);
  });

  it('prints one empty line for an empty list, the bare header with --print-empty', () => {
    expect(emit(list(['ID', 'Name'], []), {})).toBe('\n');
    expect(emit(list(['ID', 'Name'], []), { print_empty: true })).toBe('+----+------+\n| ID | Name |\n+----+------+\n');
  });

  it('shows one object as a Field/Value table and wraps multi-line cells', () => {
    const out = emit(show(['endpoints', 'name'], ['RegionOne\n  public: http://controller:9292\n', 'glance']), {});
    expect(out).toBe([
      '+-----------+----------------------------------+',
      '| Field     | Value                            |',
      '+-----------+----------------------------------+',
      '| endpoints | RegionOne                        |',
      '|           |   public: http://controller:9292 |',
      '|           |                                  |',
      '| name      | glance                           |',
      '+-----------+----------------------------------+',
      '',
    ].join('\n'));
  });

  it('prints None, True and Python reprs of raw lists like str() does', () => {
    const out = emit(show(['a', 'b', 'c', 'd'], [null, true, [], { code: 500, message: "it's" }]), { formatter: 'value' });
    expect(out).toBe(`None\nTrue\n[]\n{'code': 500, 'message': "it's"}\n`);
  });

  it('wraps cells to --max-width like prettytable (texts from the real client)', () => {
    expect(emit(show(['id'], ['7252547d3e9c4ce646b1b6458a2d1444']), { max_width: 30 })).toBe([
      '+-------+--------------------+',
      '| Field | Value              |',
      '+-------+--------------------+',
      '| id    | 7252547d3e9c4ce646 |',
      '|       | b1b6458a2d1444     |',
      '+-------+--------------------+',
      '',
    ].join('\n'));
    const services = list(['ID', 'Name', 'Type'], [['84d4a292872d75dc58dc3192185da5a3', 'placement', 'placement'], ['b91bb1586c9275f9ab7a15b5f000e8d5', 'cinder', 'block-storage']]);
    expect(emit(services, { max_width: 30 }).split('\n').slice(3, 11)).toEqual([
      '| 84d4a292 | placemen | placemen |',
      '| 872d75dc | t        | t        |',
      '| 58dc3192 |          |          |',
      '| 185da5a3 |          |          |',
      '| b91bb158 | cinder   | block-   |',
      '| 6c9275f9 |          | storage  |',
      '| ab7a15b5 |          |          |',
      '| f000e8d5 |          |          |',
    ]);
  });
});

describe('column selection and sorting', () => {
  it('keeps the -c columns in table order', () => {
    expect(emit(IMAGES, { formatter: 'value', columns: ['Status', 'ID'] })).toBe('390eb5f7-8d49-41ec-95b7-68c0d5d54b34 active\n');
  });

  it('names the known columns when no -c column matches', () => {
    expect(() => emit(IMAGES, { columns: ['id'] })).toThrow(new CommandError("No recognized column names in ['id']. Recognized columns are ('ID', 'Name', 'Status')."));
  });

  it('sorts by --sort-column, None last, and reverses with --sort-descending', () => {
    const rows = list(['Name', 'Size'], [['b', 2], ['a', null], ['c', 1]]);
    expect(emit(rows, { formatter: 'value', sort_columns: ['Size'] })).toBe('c 1\nb 2\na None\n');
    expect(emit(rows, { formatter: 'value', sort_columns: ['Name'], sort_direction: 'desc' })).toBe('c 1\nb 2\na None\n');
  });
});

describe('machine formats', () => {
  it('json: a list of objects keyed by headers, indent 2, Python separators and escapes', () => {
    expect(emit(IMAGES, { formatter: 'json' })).toBe('[\n  {\n    "ID": "390eb5f7-8d49-41ec-95b7-68c0d5d54b34",\n    "Name": "cirros",\n    "Status": "active"\n  }\n]\n');
    expect(pyJson({ a: new PyFloat(1), b: 'é"\\', c: [], d: {}, e: [1, { x: null }] })).toBe(
      '{\n  "a": 1.0,\n  "b": "\\u00e9\\"\\\\",\n  "c": [],\n  "d": {},\n  "e": [\n    1,\n    {\n      "x": null\n    }\n  ]\n}',
    );
    expect(emit(show(['a', 'b'], [new PyFloat(1), [1, 2]]), { formatter: 'json', noindent: true })).toBe('{"a": 1.0, "b": [1, 2]}\n');
    expect(emit(list(['ID'], []), { formatter: 'json' })).toBe('[]\n');
  });

  it('json and yaml keep formatted columns structured, tables flatten them', () => {
    const addr = addressesColumn({ zeta: [{ addr: '10.0.0.9' }, { addr: '10.0.0.10' }], provider: [{ addr: '203.0.113.103' }] });
    expect(emit(show(['addresses'], [addr]), {})).toContain('| addresses | provider=203.0.113.103; zeta=10.0.0.10, 10.0.0.9 |');
    expect(emit(show(['addresses'], [addr]), { formatter: 'json' })).toBe('{\n  "addresses": {\n    "zeta": [\n      "10.0.0.9",\n      "10.0.0.10"\n    ],\n    "provider": [\n      "203.0.113.103"\n    ]\n  }\n}\n');
    expect(emit(show(['properties', 'tags', 'sg'], [dictColumn({ b: 'x', a: 1 }), listColumn(['z', 'a']), listDictColumn([{ name: 'default' }])]), { formatter: 'value' }))
      .toBe("{'b': 'x', 'a': 1}\n['z', 'a']\n[{'name': 'default'}]\n");
    expect(emit(show(['properties', 'tags'], [dictColumn({ b: 'x', a: 1, n: null }), listColumn(['z', 'a'])]), {}).split('\n').slice(3, 5))
      .toEqual(["| properties | a='1', b='x', n= |", '| tags       | a, z             |']);
  });

  it('yaml: PyYAML quoting, sorted keys, unindented lists, folding at 80 columns', () => {
    const v = { a: '', b: 'True', c: '1.5', d: null, e: true, f: 3, g: new PyFloat(1), h: "it's", i: 'x: y', j: '- a', k: '2026-01-05T09:00:00Z', l: 'a\nb', m: '#x', n: 'plain text', o: 'ab#c', p: '@x', q: 'é' };
    expect(pyYaml(v)).toBe(`a: ''\nb: 'True'\nc: '1.5'\nd: null\ne: true\nf: 3\ng: 1.0\nh: it's\ni: 'x: y'\nj: '- a'\nk: '2026-01-05T09:00:00Z'\nl: 'a\n\n  b'\nm: '#x'\nn: plain text\no: ab#c\np: '@x'\nq: "\\xE9"\n`);
    expect(pyYaml({ addresses: { provider: ['203.0.113.1'] }, list: [{ a: 1, b: [1, 2] }, {}], empty: [], emptyd: {} }))
      .toBe('addresses:\n  provider:\n  - 203.0.113.1\nempty: []\nemptyd: {}\nlist:\n- a: 1\n  b:\n  - 1\n  - 2\n- {}\n');
    expect(pyYaml({ long: 'word '.repeat(30) })).toBe(`long: '${'word '.repeat(15).trim()}\n  ${'word '.repeat(15)}'\n`);
  });

  it('yaml show output is one document per field, in field order', () => {
    expect(emit(show(['id', 'name'], ['0', 'm1.nano']), { formatter: 'yaml' })).toBe("id: '0'\nname: m1.nano\n");
  });

  it('shell: lower-case names with _ for space, colon and dash, quotes escaped, --prefix', () => {
    const out = emit(show(['OS-EXT-STS:vm_state', 'Server ID', 'name'], ['active', 'x', 'say "hi"']), { formatter: 'shell', prefix: 'vm_' });
    expect(out).toBe('vm_os_ext_sts_vm_state="active"\nvm_server_id="x"\nvm_name="say \\"hi\\""\n');
  });

  it('csv: quoted header and strings, bare numbers, only the header when empty', () => {
    expect(emit(list(['Name', 'RAM', 'Public'], [['m1.nano', 64, true]]), { formatter: 'csv' })).toBe('"Name","RAM","Public"\n"m1.nano",64,True\n');
    expect(emit(list(['ID', 'Name'], []), { formatter: 'csv' })).toBe('"ID","Name"\n');
  });
});

describe('osc-lib format_dict', () => {
  it('flattens nested dicts with dotted keys and keeps its quirks (results from osc-lib itself)', () => {
    expect(formatDict({ disk: 1, ephemeral: 0, extra_specs: {}, original_name: 'm1.nano', ram: 64, swap: 0, vcpus: 1 }))
      .toBe("disk='1', ephemeral='0', , original_name='m1.nano', ram='64', swap='0', vcpus='1'");
    expect(formatDict({ a: { b: { c: null } }, z: true })).toBe("a.b.c=, z='True'");
  });
});

describe('Python reprs', () => {
  it('matches repr() for the values OSC prints raw', () => {
    expect(pyRepr({ code: 500, created: '2026-01-05T09:00:00Z', message: 'No valid host was found. ' }))
      .toBe("{'code': 500, 'created': '2026-01-05T09:00:00Z', 'message': 'No valid host was found. '}");
    expect(pyRepr(['a\nb', "x'y", 'q"'])).toBe(`['a\\nb', "x'y", 'q"']`);
  });
});
