// Fractal ADL XML → syntax tree (ast.ts), with file:line:column on every node and attribute.
// Accepts what the Fractal ADL standard DTD (classpath://org/objectweb/fractal/adl/xml/standard.dtd,
// and its subsets basic.dtd and core.dtd) accepts, in any order: definition, component, interface,
// binding, content, attributes, attribute, controller, template-controller, logger, virtual-node,
// coordinates, comment. The DOCTYPE is read (its DTD is not fetched) and names the dialect:
// - a Fractal DTD, or no DOCTYPE: anything else is a positioned error saying what was expected;
// - ProActive's proactive.dtd (GCM): also exportedVirtualNodes (deployment, kept out of the
//   model) and non-functional membranes inside <controller> (ignored with a warning);
// - any other DTD (Cecilia, Think, ...): elements and attributes outside the standard DTD are
//   warnings and ignored, so that the file's structure can still be shown.
// The parse goes on past problems so that one run reports every problem of a file.
import { SaxesParser } from 'saxes';
import type { Attr, AttributeAst, BodyAst, ComponentAst, ControllerAst, DefinitionAst, NamedAst } from './ast.js';
import { emptyBody } from './ast.js';
import { Diagnostics, sortDiagnostics, type SourcePos } from './errors.js';

interface XmlElement {
  tag: string;
  pos: SourcePos;
  attrs: Map<string, Attr>;
  children: XmlElement[];
  /** Text or CDATA inside the element: reported when the element is validated (not inside ignored ones). */
  texts: Array<{ pos: SourcePos; message: string }>;
}

interface ElementSchema {
  required: string[];
  optional: string[];
  /** child tag → may it occur more than once */
  children: Record<string, boolean>;
}

/** Which DTD the file declares: what decides how strict the parse is. */
export type Dialect =
  | { kind: 'fractal'; dtd: string | null }
  | { kind: 'proactive'; dtd: string }
  | { kind: 'foreign'; dtd: string };

const FRACTAL_DTDS = new Set(['standard.dtd', 'basic.dtd', 'core.dtd']);

const BODY_CHILDREN: Record<string, boolean> = {
  comment: true,
  interface: true,
  component: true,
  content: false,
  attributes: false,
  binding: true,
  controller: false,
  'template-controller': false,
  logger: false,
  'virtual-node': false,
  coordinates: true,
};

const SCHEMA: Record<string, ElementSchema> = {
  definition: { required: ['name'], optional: ['arguments', 'extends'], children: BODY_CHILDREN },
  component: { required: ['name'], optional: ['definition'], children: BODY_CHILDREN },
  interface: {
    required: ['name'],
    optional: ['role', 'signature', 'contingency', 'cardinality'],
    children: { comment: true },
  },
  binding: { required: ['client', 'server'], optional: [], children: { comment: true } },
  content: { required: ['class'], optional: [], children: { comment: true } },
  attributes: { required: [], optional: ['signature'], children: { comment: true, attribute: true } },
  attribute: { required: ['name', 'value'], optional: [], children: { comment: true } },
  controller: { required: ['desc'], optional: [], children: { comment: true } },
  'template-controller': { required: ['desc'], optional: [], children: { comment: true } },
  logger: { required: ['name'], optional: [], children: {} },
  'virtual-node': { required: ['name'], optional: ['cardinality'], children: {} },
  coordinates: {
    required: ['name', 'x0', 'x1', 'y0', 'y1'],
    optional: ['color'],
    children: { coordinates: true },
  },
  comment: { required: [], optional: ['language', 'text'], children: {} },
};

// proactive.dtd = standard.dtd + exported virtual nodes + non-functional membranes in <controller>.
const PROACTIVE_BODY: Record<string, boolean> = { ...BODY_CHILDREN, exportedVirtualNodes: false };
const PROACTIVE_SCHEMA: Record<string, ElementSchema> = {
  ...SCHEMA,
  definition: { ...SCHEMA.definition!, children: PROACTIVE_BODY },
  component: { ...SCHEMA.component!, children: PROACTIVE_BODY },
  controller: { required: [], optional: ['desc'], children: { comment: true, interface: true, component: true, binding: true } },
  exportedVirtualNodes: { required: [], optional: [], children: { exportedVirtualNode: true } },
  exportedVirtualNode: { required: ['name'], optional: [], children: { composedFrom: false } },
  composedFrom: { required: [], optional: [], children: { composingVirtualNode: true } },
  composingVirtualNode: { required: ['component', 'name'], optional: [], children: {} },
};

/** The dialect named by a DOCTYPE's system identifier (`... "classpath://.../standard.dtd"`). */
export function dialectOf(doctype: string | undefined): Dialect {
  if (doctype === undefined) return { kind: 'fractal', dtd: null };
  const quoted = [...doctype.matchAll(/"([^"]*)"|'([^']*)'/g)].map((m) => m[1] ?? m[2] ?? '');
  const system = quoted.length >= 2 ? quoted[quoted.length - 1]! : /\bSYSTEM\b/.test(doctype) ? (quoted[0] ?? '') : '';
  const dtd = system.split(/[/\\]/).pop() ?? '';
  if (dtd === '' || FRACTAL_DTDS.has(dtd)) return { kind: 'fractal', dtd: dtd || null };
  if (dtd === 'proactive.dtd') return { kind: 'proactive', dtd };
  return { kind: 'foreign', dtd };
}

export interface ParseResult {
  /** Undefined when the file is not well-formed XML or has no usable `<definition name>`. */
  definition?: DefinitionAst;
  diagnostics: Diagnostics;
  dialect: Dialect;
}

/** Maps string offsets to 1-based line and column. */
class LineTable {
  private readonly starts: number[] = [0];
  constructor(private readonly file: string, text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
  }
  pos(offset: number): SourcePos {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { file: this.file, line: lo + 1, column: offset - this.starts[lo]! + 1 };
  }
}

/** Parses the text of one `.fractal` file. Never throws: problems come back as diagnostics. */
export function parseAdl(text: string, file: string): ParseResult {
  const diags = new Diagnostics();
  const { root, doctype } = parseXml(text, file, diags);
  const dialect = dialectOf(doctype);
  if (!root || diags.list.some((d) => d.kind === 'xml-syntax')) return { diagnostics: diags, dialect };
  if (root.tag !== 'definition') {
    // Fractal ADL 1 (2003) wrote <component-type>, <primitive-template>, <composite-template>.
    const adl1 = ['component-type', 'primitive-template', 'composite-template'].includes(root.tag);
    diags.add(
      'unknown-element',
      root.pos,
      `unexpected root element <${root.tag}>: expected <definition>${adl1 ? ' (this is Fractal ADL 1 syntax, which Tessera does not read; Fractal ADL 2 writes <definition>)' : ''}`,
    );
    return { diagnostics: diags, dialect };
  }
  const definition = toDefinition(root, diags, dialect);
  const sorted = sortDiagnostics(diags.list);
  diags.list.splice(0, diags.list.length, ...sorted);
  return { definition, diagnostics: diags, dialect };
}

function parseXml(text: string, file: string, diags: Diagnostics): { root?: XmlElement; doctype?: string } {
  const lines = new LineTable(file, text);
  const parser = new SaxesParser({ xmlns: false, position: true });
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  let doctype: string | undefined;
  let tagStart = 0;

  parser.on('doctype', (d) => {
    doctype = d;
  });
  parser.on('error', (e) => {
    // saxes prefixes its messages with line:column; we give our own position instead.
    const message = e.message.replace(/^(?:[^:]*:)?\d+:\d+:\s*/, '');
    diags.add('xml-syntax', { file, line: parser.line, column: Math.max(1, parser.column) }, `XML syntax error: ${message}`);
  });
  parser.on('opentagstart', (tag) => {
    tagStart = text.lastIndexOf('<' + tag.name, parser.position);
    const el: XmlElement = { tag: tag.name, pos: lines.pos(Math.max(0, tagStart)), attrs: new Map(), children: [], texts: [] };
    const parent = stack[stack.length - 1];
    if (parent) parent.children.push(el);
    else if (!root) root = el;
    stack.push(el);
  });
  parser.on('attribute', (a) => {
    const el = stack[stack.length - 1];
    if (!el) return;
    // The parser stands just after the closing quote; walk back to the value and the name.
    const end = parser.position;
    const quote = text[end - 1];
    let open = quote === '"' || quote === "'" ? text.lastIndexOf(quote, end - 2) : end;
    if (open < 0) open = end;
    let nameEnd = open - 1;
    while (nameEnd > 0 && /[\s=]/.test(text[nameEnd]!)) nameEnd--;
    const nameStart = Math.max(tagStart, nameEnd + 1 - a.name.length);
    el.attrs.set(a.name, { value: a.value, pos: lines.pos(nameStart), valuePos: lines.pos(open + 1) });
  });
  parser.on('opentag', (tag) => {
    if (tag.isSelfClosing) stack.pop();
  });
  parser.on('closetag', (tag) => {
    if (!tag.isSelfClosing) stack.pop();
  });
  parser.on('text', (t) => {
    const el = stack[stack.length - 1];
    if (!el || /^\s*$/.test(t)) return;
    const found = text.lastIndexOf(t.trim(), parser.position);
    el.texts.push({ pos: lines.pos(Math.max(0, found)), message: `unexpected text "${t.trim().slice(0, 40)}" in <${el.tag}>: ADL elements carry their data in attributes` });
  });
  parser.on('cdata', () => {
    const el = stack[stack.length - 1];
    const pos = lines.pos(Math.max(0, parser.position));
    if (el) el.texts.push({ pos, message: `unexpected CDATA section in <${el.tag}>` });
    else diags.add('unexpected-text', pos, 'unexpected CDATA section outside <definition>');
  });
  try {
    parser.write(text).close();
  } catch (e) {
    // saxes only throws when no error handler is set; kept as a guard.
    diags.add('xml-syntax', { file, line: parser.line, column: Math.max(1, parser.column) }, `XML syntax error: ${(e as Error).message}`);
  }
  if (!root && diags.size === 0) diags.add('xml-syntax', { file, line: 1, column: 1 }, 'empty document: expected a <definition> element');
  return { root, doctype };
}

/** Checks an element's attributes and children against the dialect's schema; reports what is wrong. */
function validate(el: XmlElement, diags: Diagnostics, dialect: Dialect): void {
  const schemas = dialect.kind === 'proactive' ? PROACTIVE_SCHEMA : SCHEMA;
  const schema = schemas[el.tag];
  if (!schema) return;
  // In another dialect's file, what the standard DTD lacks is that dialect's business: ignore it, say so.
  const foreign = dialect.kind === 'foreign';
  const unknown = (kind: 'unknown-element' | 'unknown-attribute', pos: SourcePos, message: string) => {
    if (foreign) diags.warn(kind, pos, `${message} (ignored: not in the Fractal ADL standard DTD; the file declares ${dialect.dtd})`);
    else diags.add(kind, pos, message);
  };
  for (const t of el.texts) {
    if (foreign) diags.warn('unexpected-text', t.pos, `${t.message} (ignored; the file declares ${dialect.dtd})`);
    else diags.add('unexpected-text', t.pos, t.message);
  }
  const allowed = [...schema.required, ...schema.optional];
  for (const [name, attr] of el.attrs) {
    if (!allowed.includes(name)) {
      unknown(
        'unknown-attribute',
        attr.pos,
        `unknown attribute '${name}' on <${el.tag}>: expected ${allowed.length ? allowed.map((a) => `'${a}'`).join(', ') : 'no attributes'}`,
      );
    }
  }
  for (const name of schema.required) {
    if (!el.attrs.has(name)) diags.add('missing-attribute', el.pos, `<${el.tag}> has no '${name}' attribute: '${name}' is required`);
  }
  const seen = new Map<string, XmlElement>();
  for (const child of el.children) {
    const many = schema.children[child.tag];
    if (many === undefined) {
      const expected = Object.keys(schema.children);
      unknown(
        'unknown-element',
        child.pos,
        `unexpected element <${child.tag}> in <${el.tag}>: expected ${expected.length ? expected.map((t) => `<${t}>`).join(', ') : 'no child elements'}`,
      );
      continue;
    }
    const first = seen.get(child.tag);
    if (!many && first) {
      diags.add('duplicate', child.pos, `second <${child.tag}> in <${el.tag}>: at most one is allowed (first at line ${first.pos.line})`);
    } else seen.set(child.tag, child);
    validate(child, diags, dialect);
  }
}

function toDefinition(el: XmlElement, diags: Diagnostics, dialect: Dialect): DefinitionAst | undefined {
  validate(el, diags, dialect);
  const name = el.attrs.get('name');
  if (!name) return undefined;
  return {
    pos: el.pos,
    file: el.pos.file,
    name,
    arguments: el.attrs.get('arguments'),
    extends: el.attrs.get('extends'),
    body: toBody(el, diags, dialect),
  };
}

function toBody(el: XmlElement, diags: Diagnostics, dialect: Dialect): BodyAst {
  const body = emptyBody();
  const names = { interface: new Map<string, Attr>(), component: new Map<string, Attr>() };
  for (const c of el.children) {
    const a = (n: string) => c.attrs.get(n);
    switch (c.tag) {
      case 'interface': {
        const name = a('name');
        if (!name) break;
        if (noteDuplicate(names.interface, name, 'interface', el, diags)) break;
        body.interfaces.push({ pos: c.pos, name, role: a('role'), signature: a('signature'), contingency: a('contingency'), cardinality: a('cardinality') });
        break;
      }
      case 'component': {
        const name = a('name');
        if (!name) break;
        if (noteDuplicate(names.component, name, 'component', el, diags)) break;
        const comp: ComponentAst = { pos: c.pos, name, definition: a('definition'), body: toBody(c, diags, dialect) };
        body.components.push(comp);
        break;
      }
      case 'binding': {
        const client = a('client');
        const server = a('server');
        if (!client || !server) break;
        // A client bound twice is checked after resolution, where its cardinality is known (multicast).
        body.bindings.push({ pos: c.pos, client, server });
        break;
      }
      case 'content': {
        const cls = a('class');
        if (cls && !body.content) body.content = { pos: c.pos, class: cls };
        break;
      }
      case 'attributes': {
        if (body.attributes) break;
        const attrs: AttributeAst[] = [];
        const seen = new Map<string, Attr>();
        for (const at of c.children) {
          if (at.tag !== 'attribute') continue;
          const name = at.attrs.get('name');
          const value = at.attrs.get('value');
          if (!name || !value) continue;
          if (noteDuplicate(seen, name, 'attribute', c, diags)) continue;
          attrs.push({ pos: at.pos, name, value });
        }
        body.attributes = { pos: c.pos, signature: a('signature'), attributes: attrs };
        break;
      }
      case 'controller':
      case 'template-controller': {
        const membrane = c.children.filter((m) => m.tag === 'interface' || m.tag === 'component' || m.tag === 'binding');
        if (membrane.length > 0 && dialect.kind === 'proactive') {
          const count = (t: string) => membrane.filter((m) => m.tag === t).length;
          diags.warn(
            'dialect',
            c.pos,
            `non-functional membrane in <controller> (ProActive ${dialect.dtd}: ${count('interface')} interfaces, ${count('component')} components, ${count('binding')} bindings) is not modelled: ignored`,
          );
        }
        const desc = a('desc');
        if (!desc) break;
        const ctl: ControllerAst = { pos: c.pos, desc };
        if (c.tag === 'controller') body.controller ??= ctl;
        else body.templateController ??= ctl;
        break;
      }
      case 'logger':
      case 'virtual-node': {
        const name = a('name');
        if (!name) break;
        const n: NamedAst = { pos: c.pos, name };
        if (c.tag === 'logger') body.logger ??= n;
        else body.virtualNode ??= n;
        break;
      }
      default:
        break; // comment, coordinates, exportedVirtualNodes, other dialects' elements: validated, not interpreted
    }
  }
  return body;
}

function noteDuplicate(seen: Map<string, Attr>, name: Attr, what: string, parent: XmlElement, diags: Diagnostics): boolean {
  const first = seen.get(name.value);
  if (first) {
    diags.add(
      'duplicate',
      name.pos,
      `duplicate ${what} name '${name.value}' in <${parent.tag}>: names must be unique (first at ${first.pos.line}:${first.pos.column})`,
    );
    return true;
  }
  seen.set(name.value, name);
  return false;
}
