// Definition resolver: dotted names → files under a search path, arguments bound and ${...}
// substituted, `extends` parents merged (children override, see merge.ts), sub-component
// definitions loaded, and the result turned into a ResolvedNode tree (model.ts).
// Invariant: every problem goes to the Diagnostics with a position; resolution carries on
// past a problem where it can, so that one run reports all errors of all files involved.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve as resolvePath, sep } from 'node:path';
import type { Attr, BindingAst, BodyAst, ComponentAst, DefinitionAst, InterfaceAst } from './ast.js';
import { parseArgumentDecls, parseDefinitionRefs, substitute, type DefinitionRef } from './args.js';
import { Diagnostics, formatPos, type SourcePos } from './errors.js';
import { mergeBodies } from './merge.js';
import type { Cardinality, Contingency, Kind, ResolvedBinding, ResolvedInterface, ResolvedNode, Role } from './model.js';
import { parseAdl } from './parser.js';

const DOTTED_NAME = /^[A-Za-z_$][\w$-]*(?:\.[A-Za-z_$][\w$-]*)*$/;

export interface ResolveOptions {
  /** Extra search-path directories, after the root implied by the opened file. */
  path?: string[];
  /** Arguments of the top-level definition. */
  args?: Record<string, string>;
  /**
   * Show what can be resolved: a definition not found on the search path (one a Fractal build
   * generates, or one in a jar) is a warning, and the components it would have described are
   * marked `missing`; their interfaces are not checked. Default false: it is an error.
   */
  partial?: boolean;
}

interface LoadedFile {
  definition?: DefinitionAst;
}

/** A definition after arguments and extends: a merged body, ready to instantiate. */
interface ResolvedBody {
  name: string;
  body: BodyAst;
  pos: SourcePos;
  /** Definitions of its extends chain that were not found (partial mode only). */
  missing: string[];
}

export class Resolver {
  readonly diags = new Diagnostics();
  readonly searchPath: string[];
  private readonly files = new Map<string, LoadedFile>();
  private readonly bodies = new Map<string, ResolvedBody | undefined>();
  /** Directories of copied files, searched by a dotted name's last segment (see findFile). */
  readonly flatDirs: string[] = [];
  /** Names not found on the search path, in partial mode. */
  private readonly notFound = new Set<string>();

  constructor(
    searchPath: string[],
    private readonly partial = false,
  ) {
    this.searchPath = searchPath.map((p) => resolvePath(p));
  }

  /** Files read so far (absolute paths). */
  get filesRead(): string[] {
    return [...this.files.keys()];
  }

  /** Loads and parses one file once; parse problems are reported once. */
  loadFile(file: string): LoadedFile {
    const abs = resolvePath(file);
    const cached = this.files.get(abs);
    if (cached) return cached;
    let text: string;
    try {
      text = decode(readFileSync(abs));
    } catch (e) {
      this.diags.add('io', { file, line: 1, column: 1 }, `cannot read ADL file: ${(e as Error).message}`);
      const none: LoadedFile = {};
      this.files.set(abs, none);
      return none;
    }
    const r = parseAdl(text, file);
    this.diags.list.push(...r.diagnostics.list);
    const loaded: LoadedFile = { definition: r.definition };
    this.files.set(abs, loaded);
    return loaded;
  }

  /** Where a dotted definition name lives: the first `a/b/C.fractal` found on the search path. */
  findFile(name: string): string | undefined {
    const rel = name.split('.').join(sep) + '.fractal';
    for (const dir of this.searchPath) {
      const f = join(dir, rel);
      if (existsSync(f)) return f;
    }
    // Copied files (see load.ts): `C.fractal` beside the opened file, if it defines exactly `a.b.C`.
    const last = name.split('.').pop() + '.fractal';
    for (const dir of this.flatDirs) {
      const f = join(dir, last);
      if (existsSync(f) && definitionNameOf(f) === name) return f;
    }
    return undefined;
  }

  /** Resolves a reference (name + call arguments) to a merged body; undefined if it cannot. */
  resolveRef(ref: DefinitionRef, extendsStack: readonly string[]): ResolvedBody | undefined {
    if (extendsStack.includes(ref.name)) {
      const cycle = [...extendsStack.slice(extendsStack.indexOf(ref.name)), ref.name].join(' → ');
      this.diags.add('extends-cycle', ref.pos, `extends cycle: ${cycle}: a definition cannot extend itself`);
      return undefined;
    }
    if (!DOTTED_NAME.test(ref.name)) {
      this.diags.add('bad-value', ref.pos, `bad definition name '${ref.name}': expected a dotted name such as a.b.Name (or ./path for a shared component)`);
      return undefined;
    }
    const file = this.findFile(ref.name);
    if (!file) {
      const rel = ref.name.split('.').join('/') + '.fractal';
      const message = `no definition '${ref.name}': expected a file ${rel} under the search path (${this.searchPath.join(', ') || 'empty'})`;
      if (this.partial) {
        this.diags.warn('missing-definition', ref.pos, `${message}; shown without it (partial)`);
        this.notFound.add(ref.name);
      } else this.diags.add('missing-definition', ref.pos, `${message} (--partial shows the rest without it)`);
      return undefined;
    }
    const def = this.loadFile(file).definition;
    if (!def) return undefined;
    if (def.name.value !== ref.name) {
      this.diags.add(
        'definition-name',
        def.name.valuePos,
        `definition name '${def.name.value}' does not match its file: expected '${ref.name}' in ${file}`,
      );
    }
    const env = this.bindArguments(def, ref);
    const key = `${ref.name}(${[...env].map(([k, v]) => `${k}=${v}`).join(',')})`;
    if (this.bodies.has(key)) return this.bodies.get(key);
    this.bodies.set(key, undefined); // guards re-entry; cycles are caught by extendsStack
    const own = substituteBody(def.body, env, this.diags);
    const parents: BodyAst[] = [];
    const missing: string[] = [];
    if (def.extends && def.extends.value.trim() !== '') {
      const ext = substitute(def.extends, env, this.diags);
      for (const parentRef of parseDefinitionRefs(ext, this.diags)) {
        const parent = this.resolveRef(parentRef, [...extendsStack, ref.name]);
        if (parent) {
          parents.push(parent.body);
          missing.push(...parent.missing);
        } else if (this.notFound.has(parentRef.name)) missing.push(parentRef.name);
      }
    }
    const resolved: ResolvedBody = { name: ref.name, body: mergeBodies([...parents, own]), pos: def.pos, missing };
    this.bodies.set(key, resolved);
    return resolved;
  }

  private bindArguments(def: DefinitionAst, ref: DefinitionRef): Map<string, string> {
    const env = new Map<string, string>();
    const decls = def.arguments ? parseArgumentDecls(def.arguments, this.diags) : [];
    decls.forEach((d, i) => {
      const v = ref.named.get(d.name) ?? ref.positional[i] ?? d.default;
      if (v === undefined) {
        this.diags.add(
          'missing-argument',
          ref.pos,
          `missing argument '${d.name}' of definition '${ref.name}' (declared at ${formatPos(d.pos)}): expected ${ref.name}(${d.name}=>value) or a default`,
        );
        env.set(d.name, '');
      } else env.set(d.name, v);
    });
    if (ref.positional.length > decls.length) {
      this.diags.add(
        'bad-call',
        ref.pos,
        `too many arguments for '${ref.name}': got ${ref.positional.length}, expected at most ${decls.length}${decls.length ? ` (${decls.map((d) => d.name).join(', ')})` : ''}`,
      );
    }
    for (const n of ref.named.keys()) {
      if (!decls.some((d) => d.name === n)) {
        this.diags.add(
          'unknown-argument',
          ref.pos,
          `definition '${ref.name}' has no argument '${n}': expected ${decls.length ? decls.map((d) => `'${d.name}'`).join(', ') : 'no arguments'}`,
        );
      }
    }
    return env;
  }

  /** Turns a resolved body into a node tree, loading sub-components' definitions. */
  instantiate(name: string, definition: string | null, body: BodyAst, pos: SourcePos, defStack: readonly string[], missing: readonly string[] = []): ResolvedNode {
    const interfaces = body.interfaces.map((i) => this.resolveInterface(i));
    const components: ResolvedNode[] = [];
    for (const c of body.components) {
      const node = this.instantiateComponent(c, defStack);
      if (node) components.push(node);
    }
    const content = body.content?.class.value ?? null;
    const desc = body.controller?.desc.value ?? null;
    // Julia's membrane names (parametricPrimitive, autoBindingComposite, ...) say the kind too.
    // Without a telling desc, sub-components make a composite (Julia composites may have a content
    // class too, for their attribute controller), a content class alone a primitive.
    const kind: Kind =
      desc && /primitive/i.test(desc) ? 'primitive' : desc && /composite/i.test(desc) ? 'composite' : components.length === 0 && content !== null ? 'primitive' : 'composite';
    return {
      name,
      definition,
      pos,
      kind,
      content,
      contentPos: body.content?.class.valuePos,
      controller: desc ?? kind,
      interfaces,
      attributesSignature: body.attributes?.signature?.value ?? null,
      attributes: (body.attributes?.attributes ?? []).map((a) => ({ name: a.name.value, value: a.value.value, pos: a.pos })),
      components,
      bindings: this.distinctBindings(body.bindings),
      ...(missing.length ? { missing: [...new Set(missing)] } : {}),
    };
  }

  /** Bindings as written, a repeated identical one (Fraclet writes some) kept once with a warning. */
  private distinctBindings(bindings: readonly BindingAst[]): ResolvedBinding[] {
    const seen = new Map<string, BindingAst>();
    const out: ResolvedBinding[] = [];
    for (const b of bindings) {
      const client = b.client.value.trim();
      const server = b.server.value.trim();
      const first = seen.get(`${client}\u0000${server}`);
      if (first) {
        const where = first.pos.file === b.pos.file ? `line ${first.pos.line}` : formatPos(first.pos);
        this.diags.warn('duplicate', b.pos, `binding ${client} → ${server} is written again (first at ${where}): the repetition is ignored`);
        continue;
      }
      seen.set(`${client}\u0000${server}`, b);
      out.push({ client, server, pos: b.pos, clientAttr: b.client, serverAttr: b.server });
    }
    return out;
  }

  private instantiateComponent(c: ComponentAst, defStack: readonly string[]): ResolvedNode | undefined {
    const defAttr = c.definition;
    const defValue = defAttr?.value.trim() ?? '';
    if (defAttr && defValue.startsWith('./')) {
      const node = this.instantiate(c.name.value, defValue, c.body, c.pos, defStack);
      node.sharedPath = defValue.slice(2).split('/').filter((s) => s !== '');
      if (c.body.interfaces.length || c.body.components.length || c.body.content || c.body.bindings.length) {
        this.diags.add('shared-component', c.pos, `shared component '${c.name.value}' (${defValue}) cannot have its own content: expected an empty <component name="${c.name.value}" definition="${defValue}"/>`);
      }
      return node;
    }
    const bodies: BodyAst[] = [];
    const names: string[] = [];
    const missing: string[] = [];
    if (defAttr && defValue !== '') {
      for (const ref of parseDefinitionRefs(defAttr, this.diags)) {
        if (defStack.includes(ref.name)) {
          const cycle = [...defStack.slice(defStack.indexOf(ref.name)), ref.name].join(' → ');
          this.diags.add('component-cycle', ref.pos, `component cycle: ${cycle}: a definition cannot contain itself`);
          continue;
        }
        const r = this.resolveRef(ref, []);
        if (r) {
          bodies.push(r.body);
          names.push(ref.name);
          missing.push(...r.missing);
        } else if (this.notFound.has(ref.name)) missing.push(ref.name);
      }
    }
    bodies.push(c.body);
    // Fraclet writes placeholders (<component name="${x}"/>) that a sub-definition fills in: in
    // partial mode their interfaces are unknown, like a missing definition's.
    if (this.partial && !defAttr && isEmptyBody(c.body)) missing.push(EMPTY_PLACEHOLDER);
    return this.instantiate(c.name.value, defAttr && defValue !== '' ? defValue : null, mergeBodies(bodies), c.pos, [...defStack, ...names], missing);
  }

  private resolveInterface(i: InterfaceAst): ResolvedInterface {
    const name = i.name.value;
    const role = this.enumValue<Role>(i.role, ['client', 'server'], `role of interface '${name}'`, undefined);
    const contingency = this.enumValue<Contingency>(i.contingency, ['mandatory', 'optional'], `contingency of interface '${name}'`, 'mandatory');
    const cardinality = this.enumValue<Cardinality>(i.cardinality, ['singleton', 'collection', 'multicast', 'gathercast'], `cardinality of interface '${name}'`, 'singleton');
    if (!i.role) this.diags.add('incomplete-interface', i.pos, `interface '${name}' has no role: expected role="client" or role="server"`);
    if (!i.signature || i.signature.value.trim() === '') {
      this.diags.add('incomplete-interface', i.signature?.valuePos ?? i.pos, `interface '${name}' has no signature: expected signature="a.b.Signature"`);
    }
    return { name, role: role ?? 'server', signature: i.signature?.value.trim() ?? '', contingency: contingency ?? 'mandatory', cardinality: cardinality ?? 'singleton', pos: i.pos, ast: i };
  }

  private enumValue<T extends string>(attr: Attr | undefined, allowed: readonly T[], what: string, dflt: T | undefined): T | undefined {
    if (!attr) return dflt;
    const v = attr.value.trim();
    if ((allowed as readonly string[]).includes(v)) return v as T;
    const quoted = allowed.map((a) => `'${a}'`);
    this.diags.add('bad-value', attr.valuePos, `bad ${what}: '${v}', expected ${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1]}`);
    return dflt ?? allowed[0];
  }
}

/** The definition name a file declares, without reporting its problems (they are reported if it is used). */
function definitionNameOf(file: string): string | undefined {
  try {
    return parseAdl(decode(readFileSync(file)), file).definition?.name.value.trim();
  } catch {
    return undefined;
  }
}

/** What partial mode records in `missing` for a component with neither definition nor body. */
export const EMPTY_PLACEHOLDER = '(an empty placeholder: no definition, no body)';

function isEmptyBody(b: BodyAst): boolean {
  return !b.interfaces.length && !b.components.length && !b.bindings.length && !b.content && !b.attributes && !b.controller;
}

function substituteBody(body: BodyAst, env: ReadonlyMap<string, string>, diags: Diagnostics): BodyAst {
  const s = (a: Attr) => substitute(a, env, diags);
  const o = (a: Attr | undefined) => (a ? s(a) : undefined);
  return {
    interfaces: body.interfaces.map((i) => ({ pos: i.pos, name: s(i.name), role: o(i.role), signature: o(i.signature), contingency: o(i.contingency), cardinality: o(i.cardinality) })),
    components: body.components.map((c) => ({ pos: c.pos, name: s(c.name), definition: o(c.definition), body: substituteBody(c.body, env, diags) })),
    bindings: body.bindings.map((b) => ({ pos: b.pos, client: s(b.client), server: s(b.server) })),
    content: body.content && { pos: body.content.pos, class: s(body.content.class) },
    attributes: body.attributes && {
      pos: body.attributes.pos,
      signature: o(body.attributes.signature),
      attributes: body.attributes.attributes.map((a) => ({ pos: a.pos, name: s(a.name), value: s(a.value) })),
    },
    controller: body.controller && { pos: body.controller.pos, desc: s(body.controller.desc) },
    templateController: body.templateController && { pos: body.templateController.pos, desc: s(body.templateController.desc) },
    logger: body.logger && { pos: body.logger.pos, name: s(body.logger.name) },
    virtualNode: body.virtualNode && { pos: body.virtualNode.pos, name: s(body.virtualNode.name) },
  };
}

/** Reads the XML declaration's encoding: Fractal files are often ISO-8859-1. */
function decode(buf: Buffer): string {
  const head = buf.subarray(0, 200).toString('latin1');
  const m = /^\uFEFF?<\?xml[^>]*encoding\s*=\s*["']([^"']+)["']/.exec(head);
  const enc = m?.[1]?.toLowerCase();
  if (enc && /^(iso-8859-1|latin-?1|us-ascii|ascii|windows-1252)$/.test(enc)) return buf.toString('latin1');
  return buf.toString('utf8').replace(/^\uFEFF/, '');
}

/**
 * The search root implied by a file's own definition name: `a.b.C` in `.../a/b/C.fractal` → `...`.
 * Returns undefined when the file's path does not end with its name's path.
 */
export function impliedRoot(file: string, definitionName: string): string | undefined {
  const abs = resolvePath(file);
  const parts = definitionName.split('.');
  let dir = dirname(abs);
  const base = abs.slice(dir.length + 1);
  if (base !== parts[parts.length - 1] + '.fractal') return undefined;
  for (let i = parts.length - 2; i >= 0; i--) {
    const here = dir.slice(dirname(dir).length + 1);
    if (here !== parts[i]) return undefined;
    dir = dirname(dir);
  }
  return dir;
}

export function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}
