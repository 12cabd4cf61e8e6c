// `tessera adl check|show|diff`: Fractal ADL files from the command line. Errors are printed
// as file:line:column: message, one per line, and the exit status is 1; warnings (what was
// ignored, e.g. another dialect's elements) as file:line:column: warning: message, exit status 0.
import { writeFileSync } from 'node:fs';
import { isAbsolute, relative } from 'node:path';
import type { Command } from 'commander';
import { AdlError, checkAdl, diff, formatActions, isWarning, loadAdl, toDot, toJson, toSvg, toTree, type AdlDiagnostic, type LoadOptions } from '../../adl/index.js';
// The kernel's signatures, so that checks verify signature subtyping of Tessera's own interfaces.
import '../../components/signatures.js';

const collect = (v: string, acc: string[]) => [...acc, v];

function display(file: string): string {
  if (!isAbsolute(file)) return file;
  const rel = relative(process.cwd(), file);
  return rel.startsWith('..') ? file : rel;
}

function printDiagnostics(ds: readonly AdlDiagnostic[]): void {
  for (const d of ds) process.stderr.write(`${display(d.pos.file)}:${d.pos.line}:${d.pos.column}: ${isWarning(d) ? 'warning: ' : ''}${d.message}\n`);
}

function loadOptions(o: { path: string[]; arg: string[]; partial?: boolean }): LoadOptions {
  const args: Record<string, string> = {};
  for (const a of o.arg) {
    const eq = a.indexOf('=');
    if (eq <= 0) throw new Error(`bad --arg '${a}': expected name=value`);
    args[a.slice(0, eq)] = a.slice(eq + 1);
  }
  return { path: o.path, args, partial: o.partial ?? false };
}

/** Runs `fn`, printing ADL errors as diagnostics and anything else as one message; sets exit status 1. */
async function guarded(fn: () => Promise<void> | void): Promise<void> {
  try {
    await fn();
  } catch (e) {
    if (e instanceof AdlError) printDiagnostics([...e.diagnostics, ...e.warnings]);
    else process.stderr.write(`tessera adl: ${(e as Error).message}\n`);
    process.exitCode = 1;
  }
}

export function register(program: Command): void {
  const adl = program.command('adl').description('Fractal ADL: check, show and compare architecture definitions');

  adl
    .command('check')
    .description('check ADL files; print every error and warning as file:line:column: message (exit 1 on errors)')
    .argument('<files...>', '.fractal files (or dotted definition names found on --path)')
    .option('--path <dir>', 'add a directory to the search path (repeatable)', collect, [])
    .option('--arg <name=value>', 'argument of the top-level definition (repeatable)', collect, [])
    .option('--partial', 'a definition not found on the search path is a warning, not an error')
    .action(async (files: string[], o: { path: string[]; arg: string[]; partial?: boolean }) =>
      guarded(() => {
        let failed = false;
        for (const f of files) {
          const ds = checkAdl(f, loadOptions(o));
          printDiagnostics(ds);
          const warnings = ds.filter(isWarning).length;
          if (warnings < ds.length) failed = true;
          else process.stdout.write(`${f}: ok${warnings ? ` (${warnings} warning${warnings > 1 ? 's' : ''})` : ''}\n`);
        }
        if (failed) process.exitCode = 1;
      }),
    );

  adl
    .command('show')
    .description('show the architecture a definition builds: an indented tree, or JSON, DOT or SVG')
    .argument('<file>', '.fractal file (or dotted definition name found on --path)')
    .option('--json', 'print the structural graph as JSON')
    .option('--dot', 'print Graphviz DOT')
    .option('--svg <out>', 'render SVG (in-process Graphviz) to a file')
    .option('--path <dir>', 'add a directory to the search path (repeatable)', collect, [])
    .option('--arg <name=value>', 'argument of the top-level definition (repeatable)', collect, [])
    .option('--partial', 'show what resolves: definitions not found on the search path are warnings')
    .action(async (file: string, o: { json?: boolean; dot?: boolean; svg?: string; path: string[]; arg: string[]; partial?: boolean }) =>
      guarded(async () => {
        const model = loadAdl(file, loadOptions(o));
        printDiagnostics(model.warnings);
        if (o.json) process.stdout.write(toJson(model.graph) + '\n');
        else if (o.dot) process.stdout.write(toDot(model.graph));
        else if (o.svg) {
          writeFileSync(o.svg, await toSvg(model.graph));
          process.stdout.write(`wrote ${o.svg}\n`);
        } else process.stdout.write(toTree(model.graph));
      }),
    );

  adl
    .command('diff')
    .description('the reconfiguration actions that turn architecture A into architecture B')
    .argument('<a>', 'the current architecture (.fractal file or definition name)')
    .argument('<b>', 'the wanted architecture')
    .option('--json', 'print the actions as JSON')
    .option('--path <dir>', 'add a directory to the search path (repeatable)', collect, [])
    .option('--partial', 'compare what resolves: definitions not found on the search path are warnings')
    .action(async (a: string, b: string, o: { json?: boolean; path: string[]; partial?: boolean }) =>
      guarded(() => {
        const opts = loadOptions({ path: o.path, arg: [], partial: o.partial });
        const actions = diff(loadAdl(a, opts).graph, loadAdl(b, opts).graph);
        if (o.json) process.stdout.write(JSON.stringify(actions, null, 2) + '\n');
        else process.stdout.write(actions.length ? formatActions(actions) + '\n' : 'no differences\n');
      }),
    );
}
