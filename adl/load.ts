// Entry points: open an ADL file (or a dotted definition name on a search path), resolve it,
// check it, and return the resolved tree with its structural graph — or every diagnostic.
import { basename, dirname, resolve as resolvePath } from 'node:path';
import { AdlError, dedupe, isWarning, sortDiagnostics, type AdlDiagnostic, type SourcePos } from './errors.js';
import { checkTree, linkShared, type SignatureOracle } from './checks.js';
import { toGraph, type GraphNode } from './graph.js';
import type { ResolvedNode } from './model.js';
import { impliedRoot, isFile, Resolver, type ResolveOptions } from './resolver.js';
import { defaultSignatureOracle } from './signatures.js';

export interface LoadOptions extends ResolveOptions {
  /** Name of the root component; default: the definition's last segment, first letter lowered (components.Kernel → kernel). */
  name?: string;
  /** Signature subtyping; default: the bindings signature registry (unknown signatures are not errors). */
  isSubSignature?: SignatureOracle;
}

export interface AdlModel {
  /** The top-level definition name. */
  definition: string;
  root: ResolvedNode;
  graph: GraphNode;
  searchPath: string[];
  /** Every file read to resolve it. */
  files: string[];
  /** What was ignored (other ADL dialects' elements, ProActive membranes), sorted by position. */
  warnings: AdlDiagnostic[];
}

/** Loads, resolves and checks; throws AdlError with every error on failure (warnings do not fail). */
export function loadAdl(fileOrName: string, opts: LoadOptions = {}): AdlModel {
  const r = run(fileOrName, opts);
  if (!r.model || r.diagnostics.some((d) => !isWarning(d))) throw new AdlError(r.diagnostics);
  return r.model;
}

/** Like loadAdl but returns the diagnostics, errors and warnings, sorted (empty when the file is fine). */
export function checkAdl(fileOrName: string, opts: LoadOptions = {}): AdlDiagnostic[] {
  return dedupe(sortDiagnostics(run(fileOrName, opts).diagnostics));
}

function run(fileOrName: string, opts: LoadOptions): { model?: AdlModel; diagnostics: AdlDiagnostic[] } {
  const resolver = new Resolver([], opts.partial ?? false);
  const extra = (opts.path ?? []).map((p) => resolvePath(p));
  let name: string;
  let refPos: SourcePos;
  if (fileOrName.endsWith('.fractal') || isFile(fileOrName)) {
    const def = resolver.loadFile(fileOrName).definition;
    if (!def) return { diagnostics: resolver.diags.list };
    name = def.name.value.trim();
    refPos = def.name.valuePos;
    const root = impliedRoot(fileOrName, name);
    const last = name.split('.').pop()!;
    if (root === undefined && basename(fileOrName) === `${last}.fractal`) {
      // A copied file (a.b.C in .../C.fractal, not .../a/b/C.fractal): read what sits beside it.
      const dir = dirname(resolvePath(fileOrName));
      resolver.diags.warn(
        'definition-name',
        def.name.valuePos,
        `definition '${name}' is not in ${name.split('.').join('/')}.fractal below a search root: its directory is searched instead, a dotted name there by its last segment (${last}.fractal)`,
      );
      resolver.searchPath.push(dir, ...extra);
      resolver.flatDirs.push(dir);
    } else if (root === undefined) {
      const expected = name.split('.').join('/') + '.fractal';
      resolver.diags.add(
        'definition-name',
        def.name.valuePos,
        `definition '${name}' is in ${fileOrName}: expected it in a file named ${expected} (below the search root) so that its root can be found`,
      );
      resolver.searchPath.push(dirname(resolvePath(fileOrName)), ...extra);
      return { diagnostics: resolver.diags.list };
    }
    else resolver.searchPath.push(root, ...extra);
  } else {
    name = fileOrName;
    refPos = { file: '<command line>', line: 1, column: 1 };
    resolver.searchPath.push(...(extra.length ? extra : [process.cwd()]));
  }
  const ref = { name, positional: [], named: new Map(Object.entries(opts.args ?? {})), pos: refPos };
  const body = resolver.resolveRef(ref, []);
  if (!body) return { diagnostics: resolver.diags.list };
  const rootName = opts.name ?? defaultRootName(name);
  const root = resolver.instantiate(rootName, name, body.body, body.pos, [name], body.missing);
  const links = linkShared(root, resolver.diags);
  checkTree(root, links, resolver.diags, opts.isSubSignature ?? defaultSignatureOracle);
  const warnings = dedupe(sortDiagnostics(resolver.diags.list.filter(isWarning)));
  const model: AdlModel = { definition: name, root, graph: toGraph(root), searchPath: [...resolver.searchPath], files: resolver.filesRead, warnings };
  return { model, diagnostics: resolver.diags.list };
}

export function defaultRootName(definition: string): string {
  const last = definition.split('.').pop() ?? definition;
  return last.charAt(0).toLowerCase() + last.slice(1);
}
