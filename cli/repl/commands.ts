// The REPL's command table: one entry per command with its usage, a one-line summary, the kind of each
// argument (for completion and checking) and its handler. Handlers print through the context and throw
// ReplError for anything the user got wrong (one line, with a suggestion); the machine keeps running.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve as resolveHostPath } from 'node:path';
import type { Subscription } from 'rxjs';
import { diff, formatActions, loadAdl, AdlError, formatDiagnostic } from '../../adl/index.js';
import { Fractal, type Interface, type ModelEvent } from '../../bindings/index.js';
import type { TesseraSystem } from '../../boot/system.js';
import { IMPLEMENTATIONS, implementationClass } from '../../components/index.js';
import type { Scheduler } from '../../components/scheduler/signature.js';
import type { MachineDriver, Sample } from '../machine-driver.js';
import { guestPrograms } from '../workload.js';
import { definitionNameFor, liveGraph, structural, toAdlXml } from './architecture.js';
import type { ReplEngine } from './engine.js';
import { contentName, describe, normalizePath, ReplError, resolve } from './model.js';
import { renderEvent, renderPs, renderShow, renderStats, renderTop, renderTree } from './render.js';
import { suggest } from './suggest.js';

/** What an argument is, for completion: a component path, an implementation of the path before it, ... */
export type ArgKind = 'command' | 'path' | 'impl' | 'client-itf' | 'server-itf' | 'attr' | 'program' | 'pid' | 'file' | 'on-off' | 'text';

export interface ReplContext {
  readonly system: TesseraSystem;
  readonly driver: MachineDriver;
  /** Null until the reconfiguration engine is available. */
  readonly engine: ReplEngine | null;
  readonly interactive: boolean;
  print(line: string): void;
  /** Aborted by Ctrl-C while this command runs. */
  readonly signal: AbortSignal;
  /** Resolves when the user presses Enter (interactive) — for commands that follow something. */
  untilEnter(): Promise<void>;
  /** Model and engine events seen since boot (most recent last, bounded). */
  recentEvents(): string[];
  /** The sample `stats` rates are measured from; `stats` moves it forward. */
  statsSince: Sample;
  /** Shows or hides guest output and machine notices. */
  setBackgroundOutput(on: boolean): void;
  /** Keeps guest output and notices back (nothing is lost) while a live screen is drawn; false prints them. */
  holdBackgroundOutput(hold: boolean): void;
  /** Ends the session after this command. */
  quit(): void;
}

export interface CommandSpec {
  name: string;
  aliases?: string[];
  usage: string;
  summary: string;
  args: ArgKind[];
  /** Minimum number of arguments. */
  min: number;
  /** Maximum (Infinity for rest arguments). */
  max: number;
  run(ctx: ReplContext, args: string[]): Promise<void> | void;
}

const fc = (ctx: ReplContext) => ctx.system.kernel;
const TOP_FOOTER = '-- top: refreshing; Enter or Ctrl-C stops --';

/** Bindings change only on a stopped component (Fractal's rule): say so, with the commands to type. */
function requireStopped(owner: Parameters<typeof Fractal.getLifeCycleController>[0], path: string, what: string): void {
  if (Fractal.getLifeCycleController(owner).getFcState() === 'STARTED') {
    const p = path || '/';
    throw new ReplError(`${what}: ${p} is STARTED, and bindings change only on a stopped component`, `stop ${p} first, then start ${p}`);
  }
}

function needEngine(ctx: ReplContext, what: string): ReplEngine {
  if (!ctx.engine) throw new ReplError(`${what} needs the reconfiguration engine, which this build does not have yet`, 'bind, unbind, start, stop and set work without it');
  return ctx.engine;
}

function parseCycles(s: string, what: string): number {
  const m = /^(\d+(?:\.\d+)?)([kmg]?)$/i.exec(s.replace(/_/g, ''));
  if (!m) throw new ReplError(`${what}: '${s}' is not a number of cycles`, 'e.g. 5000000, 5m or 200k');
  const mult = { '': 1, k: 1e3, m: 1e6, g: 1e9 }[m[2]!.toLowerCase() as '' | 'k' | 'm' | 'g'];
  return Math.round(Number(m[1]) * mult);
}

/** "path.itf" → [component path, interface name]; "this.x" / "kernel.x" is the kernel composite's. */
function splitItf(spec: string, what: string): [string, string] {
  const dot = spec.lastIndexOf('.');
  if (dot <= 0 || dot === spec.length - 1) throw new ReplError(`${what}: '${spec}' is not COMPONENT.INTERFACE`, 'e.g. process.scheduler');
  const path = spec.slice(0, dot);
  return [path === 'this' ? '' : path, spec.slice(dot + 1)];
}

function implementationOf(path: string, impl: string): string {
  const family = IMPLEMENTATIONS[path];
  if (!family) {
    const swappable = Object.keys(IMPLEMENTATIONS);
    throw new ReplError(`component '${path || 'kernel'}' has no implementations to choose from`, `swappable components: ${swappable.join(', ')}`);
  }
  const cls = implementationClass(path, impl);
  if (!cls) {
    const names = Object.keys(family);
    const guess = suggest(impl, names);
    throw new ReplError(`no ${path} implementation '${impl}'`, `${guess ? `did you mean '${guess}'? ` : ''}${path} implementations: ${names.join(', ')}`);
  }
  return cls;
}

function printRecord(ctx: ReplContext, engine: ReplEngine, r: Parameters<ReplEngine['format']>[0]): void {
  for (const line of engine.format(r).split('\n')) ctx.print(line);
}

async function reconfigure<T>(ctx: ReplContext, fn: () => Promise<T> | T): Promise<T> {
  return ctx.driver.hold(fn);
}

function readHostFile(file: string, what: string): string {
  const p = resolveHostPath(file);
  if (!existsSync(p)) throw new ReplError(`${what}: no file ${file}`, `paths are relative to ${process.cwd()}`);
  return readFileSync(p, 'utf8');
}

export const COMMANDS: CommandSpec[] = [
  {
    name: 'help', aliases: ['.help', '?'], usage: 'help [COMMAND]', summary: 'list the commands, or explain one', args: ['command'], min: 0, max: 1,
    run(ctx, [name]) {
      if (name) {
        const c = findCommand(name);
        ctx.print(`${c.usage}`);
        ctx.print(`  ${c.summary}${c.aliases?.length ? ` (also: ${c.aliases.join(', ')})` : ''}`);
        return;
      }
      const w = Math.max(...COMMANDS.map((c) => c.usage.length));
      for (const c of COMMANDS) ctx.print(`  ${c.usage.padEnd(w)}  ${c.summary}`);
      ctx.print('Tab completes commands, component paths, implementations and interfaces. Ctrl-C cancels; Ctrl-C twice or quit exits.');
    },
  },
  {
    name: 'ls', aliases: ['tree'], usage: 'ls [PATH]', summary: 'the component hierarchy with lifecycle state, thread counts and implementations', args: ['path'], min: 0, max: 1,
    run(ctx, [path]) {
      const p = normalizePath(path ?? '');
      resolve(fc(ctx), p);
      for (const line of renderTree(fc(ctx), p)) ctx.print(line);
    },
  },
  {
    name: 'show', usage: 'show PATH', summary: 'interfaces, bindings, attributes, implementation and live counters of a component', args: ['path'], min: 1, max: 1,
    run(ctx, [path]) {
      for (const line of renderShow(describe(fc(ctx), path!))) ctx.print(line);
    },
  },
  {
    name: 'swap', aliases: ['replace'], usage: 'swap PATH IMPL', summary: 'hot-swap a component\'s implementation (e.g. swap scheduler mlfq) and print what it cost', args: ['path', 'impl'], min: 2, max: 2,
    async run(ctx, [path, impl]) {
      const p = normalizePath(path!);
      const c = resolve(fc(ctx), p);
      const cls = implementationOf(p, impl!);
      if (contentName(c) === cls) throw new ReplError(`${p} already runs ${impl} (${cls})`, `others: ${Object.keys(IMPLEMENTATIONS[p]!).filter((n) => IMPLEMENTATIONS[p]![n] !== cls).join(', ')}`);
      const engine = needEngine(ctx, 'swap');
      const r = await reconfigure(ctx, () => engine.replace(p, cls));
      printRecord(ctx, engine, r);
    },
  },
  {
    name: 'bind', usage: 'bind CLIENT SERVER', summary: 'bind a client interface (e.g. process.scheduler) to a server interface (e.g. scheduler.scheduler); the client\'s component must be stopped', args: ['client-itf', 'server-itf'], min: 2, max: 2,
    async run(ctx, [client, server]) {
      const [cp, ci] = splitItf(client!, 'bind');
      const [sp, si] = splitItf(server!, 'bind');
      const owner = resolve(fc(ctx), cp);
      const target = resolve(fc(ctx), sp);
      const serverItf = sp === '' ? Fractal.getContentController(target).getFcInternalInterface(si) : target.getFcInterface(si);
      requireStopped(owner, normalizePath(cp), 'bind');
      await reconfigure(ctx, () => Fractal.getBindingController(owner).bindFc(ci, serverItf));
      ctx.print(`bound ${client} -> ${server}`);
    },
  },
  {
    name: 'unbind', usage: 'unbind CLIENT', summary: 'unbind a client interface (its component must be stopped)', args: ['client-itf'], min: 1, max: 1,
    async run(ctx, [client]) {
      const [cp, ci] = splitItf(client!, 'unbind');
      const owner = resolve(fc(ctx), cp);
      const bc = Fractal.getBindingController(owner);
      const was = bc.lookupFc(ci) as Interface | null;
      requireStopped(owner, normalizePath(cp), 'unbind');
      await reconfigure(ctx, () => bc.unbindFc(ci));
      ctx.print(`unbound ${client} (was bound to ${was ? `${was.getFcItfOwner().getFcName()}.${was.getFcItfName()}` : 'nothing'})`);
    },
  },
  {
    name: 'stop', usage: 'stop PATH', summary: 'stop a component (waits for its thread counter to reach 0; the machine holds while it is stopped)', args: ['path'], min: 1, max: 1,
    async run(ctx, [path]) {
      const c = resolve(fc(ctx), path!);
      const lc = Fractal.getLifeCycleController(c);
      if (lc.getFcState() === 'STOPPED') throw new ReplError(`${normalizePath(path!) || 'kernel'} is already STOPPED`, `start ${path} starts it`);
      await reconfigure(ctx, () => lc.stopFc());
      ctx.print(`${normalizePath(path!) || 'kernel'} STOPPED (the machine holds until: start ${path})`);
    },
  },
  {
    name: 'start', usage: 'start PATH', summary: 'start a stopped component (held calls run, the machine continues)', args: ['path'], min: 1, max: 1,
    async run(ctx, [path]) {
      const c = resolve(fc(ctx), path!);
      const lc = Fractal.getLifeCycleController(c);
      if (lc.getFcState() === 'STARTED' && !lc.isFcStopping()) throw new ReplError(`${normalizePath(path!) || 'kernel'} is already STARTED`, 'ls shows every component\'s state');
      await reconfigure(ctx, () => lc.startFc());
      ctx.print(`${normalizePath(path!) || 'kernel'} STARTED`);
    },
  },
  {
    name: 'set', usage: 'set PATH ATTR VALUE', summary: 'set an attribute (e.g. set scheduler quantum 20000)', args: ['path', 'attr', 'text'], min: 3, max: 3,
    async run(ctx, [path, attr, value]) {
      const c = resolve(fc(ctx), path!);
      let ac;
      try {
        ac = Fractal.getAttributeController(c);
      } catch {
        throw new ReplError(`${normalizePath(path!) || 'kernel'} has no attributes`, 'show PATH lists a component\'s attributes');
      }
      const names = ac.listFcAttributes();
      if (!names.includes(attr!)) {
        const guess = suggest(attr!, names);
        throw new ReplError(`${normalizePath(path!)} has no attribute '${attr}'`, `${guess ? `did you mean '${guess}'? ` : ''}attributes: ${names.join(', ') || '(none)'}`);
      }
      const before = ac.getFcAttribute(attr!);
      await reconfigure(ctx, () => ac.setFcAttribute(attr!, value));
      ctx.print(`${normalizePath(path!)}.${attr} = ${String(ac.getFcAttribute(attr!))} (was ${String(before)})`);
    },
  },
  {
    name: 'run', usage: 'run SCRIPT', summary: 'run a reconfiguration script file (replace, bind, unbind, stop, start, set-value) as one transaction', args: ['file'], min: 1, max: 1,
    async run(ctx, [file]) {
      const text = readHostFile(file!, 'run');
      const engine = needEngine(ctx, 'run');
      let records;
      try {
        records = await reconfigure(ctx, () => engine.runScript(text, file!));
      } catch (e) {
        if ((e as Error).name === 'ScriptError') {
          throw new ReplError(`${file}:${(e as Error).message}`, 'a script is actions like replace($kernel/scheduler, "mlfq"); stop($kernel/allocator); set-value($kernel/x, "attr", 1)');
        }
        throw e;
      }
      if (records.length === 0) ctx.print(`${file}: no reconfiguration steps`);
      for (const r of records) printRecord(ctx, engine, r);
    },
  },
  {
    name: 'ps', usage: 'ps', summary: 'processes: pid, state, cycles, pages, descriptors, what they wait for', args: [], min: 0, max: 0,
    run(ctx) {
      for (const line of renderPs(ctx.system.process.list())) ctx.print(line);
    },
  },
  {
    name: 'top', usage: 'top [SECONDS]', summary: 'machine rates and the scheduler\'s view: policy, run queue, per-process figures; live (every SECONDS, default 1) until Enter or Ctrl-C', args: ['text'], min: 0, max: 1,
    async run(ctx, [secondsText]) {
      const seconds = secondsText === undefined ? 1 : Number(secondsText);
      if (!Number.isFinite(seconds) || seconds < 0.1 || seconds > 3600) throw new ReplError(`top: '${secondsText}' is not a refresh interval`, 'a number of seconds between 0.1 and 3600, e.g. top 0.5');
      const screen = (): string[] => {
        const sched = ctx.system.component('scheduler').getFcInterface('scheduler') as unknown as Scheduler;
        const now = ctx.driver.sample();
        const stats = statsLines(ctx, now);
        ctx.statsSince = now;
        return renderTop(stats, sched.snapshot(), ctx.system.process.list());
      };
      let lines = screen();
      for (const line of lines) ctx.print(line);
      if (!ctx.interactive) return;
      // Live: redraw the screen in place until Enter or Ctrl-C; guest output waits and follows it.
      ctx.print(TOP_FOOTER);
      ctx.holdBackgroundOutput(true);
      let stop = false;
      const stopped = Promise.race([ctx.untilEnter(), new Promise((res) => ctx.signal.addEventListener('abort', res, { once: true }))]).then(() => {
        stop = true;
      });
      try {
        while (!stop) {
          await Promise.race([stopped, new Promise((res) => setTimeout(res, seconds * 1000))]);
          if (stop) break;
          const next = screen();
          // Up over the old screen and its footer, clear to the end, draw the new one.
          ctx.print(`\x1b[${lines.length + 1}A\x1b[J${next[0]}`);
          for (const line of next.slice(1)) ctx.print(line);
          ctx.print(TOP_FOOTER);
          lines = next;
        }
      } finally {
        ctx.holdBackgroundOutput(false);
      }
    },
  },
  {
    name: 'exec', usage: 'exec PROG [ARGS...]', summary: 'start a guest from the filesystem (e.g. exec bench 100 runs /bin/bench)', args: ['program', 'text'], min: 1, max: Infinity,
    run(ctx, [prog, ...args]) {
      const programs = guestPrograms();
      const name = prog!.replace(/\.elf$/, '');
      if (!prog!.startsWith('/') && !programs.includes(name)) {
        const guess = suggest(name, programs);
        throw new ReplError(`no program '${prog}' in /bin`, `${guess ? `did you mean '${guess}'? ` : ''}programs: ${programs.join(', ')}`);
      }
      const path = prog!.startsWith('/') ? prog! : name;
      let pid: number;
      try {
        pid = ctx.driver.spawn(path, args);
      } catch (e) {
        throw new ReplError((e as Error).message, 'ls / in a guest, or exec one of: ' + programs.join(', '));
      }
      ctx.print(`started pid ${pid}: ${[path, ...args].join(' ')}`);
    },
  },
  {
    name: 'kill', usage: 'kill PID [SIGNAL]', summary: 'send a signal to a process (default 9, SIGKILL)', args: ['pid', 'text'], min: 1, max: 2,
    run(ctx, [pidText, sigText]) {
      const pid = Number(pidText);
      const sig = sigText === undefined ? 9 : Number(sigText);
      const pids = ctx.system.process.list().map((p) => p.pid);
      if (!Number.isInteger(pid) || pid <= 0) throw new ReplError(`kill: '${pidText}' is not a pid`, `pids: ${pids.join(' ') || '(none)'}`);
      if (!Number.isInteger(sig) || sig < 0 || sig > 64) throw new ReplError(`kill: '${sigText}' is not a signal number`, 'e.g. 9 (SIGKILL) or 15 (SIGTERM)');
      const r = ctx.system.process.kill(pid, sig);
      if (r < 0) throw new ReplError(`kill ${pid}: no such process (error ${-r})`, `pids: ${pids.join(' ') || '(none)'}`);
      ctx.print(`sent signal ${sig} to pid ${pid}`);
      ctx.driver.collect();
      ctx.driver.poke();
    },
  },
  {
    name: 'stats', usage: 'stats', summary: 'MIPS, system calls per second, timer ticks, cycles', args: [], min: 0, max: 0,
    run(ctx) {
      const now = ctx.driver.sample();
      for (const line of statsLines(ctx, now)) ctx.print(line);
      ctx.statsSince = now;
    },
  },
  {
    name: 'events', usage: 'events', summary: 'the model and reconfiguration events so far, then follow new ones until Enter or Ctrl-C', args: [], min: 0, max: 0,
    async run(ctx) {
      const recent = ctx.recentEvents().slice(-20);
      if (recent.length === 0) ctx.print('(no events yet)');
      for (const e of recent) ctx.print(e);
      if (!ctx.interactive) return;
      ctx.print('-- following events; Enter or Ctrl-C stops --');
      const subs: Subscription[] = [Fractal.getModelEvents(fc(ctx)).subscribe((e: ModelEvent) => ctx.print(renderEvent(e)))];
      if (ctx.engine) subs.push(ctx.engine.events$.subscribe((e) => ctx.print(`reconfig #${e.id} ${e.kind}${e.kind === 'phase' ? ` ${e.phase.phase}` : ''}`)));
      await Promise.race([ctx.untilEnter(), new Promise((res) => ctx.signal.addEventListener('abort', res, { once: true }))]);
      for (const s of subs) s.unsubscribe();
    },
  },
  {
    name: 'history', usage: 'history', summary: 'the swap journal: every reconfiguration so far and what it cost', args: [], min: 0, max: 0,
    run(ctx) {
      const engine = needEngine(ctx, 'history');
      const j = engine.journal();
      if (j.length === 0) ctx.print('(no reconfigurations yet; try: swap scheduler mlfq)');
      for (const r of j) printRecord(ctx, engine, r);
    },
  },
  {
    name: 'pause', usage: 'pause', summary: 'hold the machine between slices (the REPL keeps working)', args: [], min: 0, max: 0,
    run(ctx) {
      if (ctx.driver.paused) throw new ReplError('the machine is already paused', 'resume continues it');
      ctx.driver.paused = true;
      ctx.print(`paused at cycle ${ctx.system.machine.cycle}`);
    },
  },
  {
    name: 'resume', usage: 'resume', summary: 'let the machine run again', args: [], min: 0, max: 0,
    run(ctx) {
      if (!ctx.driver.paused) throw new ReplError('the machine is not paused', 'pause holds it');
      ctx.driver.paused = false;
      ctx.driver.poke();
      ctx.print(`resumed at cycle ${ctx.system.machine.cycle}${ctx.interactive ? '' : ' (in a script the machine runs only in wait and run-for)'}`);
    },
  },
  {
    name: 'save', usage: 'save FILE.fractal', summary: 'write the running architecture as a Fractal ADL file (tessera adl check accepts it)', args: ['file'], min: 1, max: 1,
    run(ctx, [file]) {
      const def = definitionNameFor(file!);
      const xml = toAdlXml(liveGraph(fc(ctx)), def, `Saved by the tessera REPL at emulated cycle ${ctx.system.machine.cycle}: the kernel as it ran then.`);
      writeFileSync(resolveHostPath(file!), xml);
      ctx.print(`saved the architecture as definition '${def}' in ${file}`);
    },
  },
  {
    name: 'load', usage: 'load FILE.fractal', summary: 'diff an ADL file against the running architecture and apply the difference through the engine', args: ['file'], min: 1, max: 1,
    async run(ctx, [file]) {
      readHostFile(file!, 'load');
      let model;
      try {
        model = loadAdl(resolveHostPath(file!));
      } catch (e) {
        if (e instanceof AdlError) throw new ReplError(`load: ${formatDiagnostic(e.diagnostics[0]!)}`, `tessera adl check ${file} lists every error`);
        throw e;
      }
      const actions = diff(structural(liveGraph(fc(ctx))), structural({ ...model.graph, name: liveGraph(fc(ctx)).name }));
      if (actions.length === 0) {
        ctx.print(`${file}: the running architecture already matches; nothing to do`);
        return;
      }
      for (const line of formatActions(actions).split('\n')) ctx.print(`  ${line}`);
      const engine = needEngine(ctx, 'load');
      const r = await reconfigure(ctx, () => engine.apply(actions));
      printRecord(ctx, engine, r);
    },
  },
  {
    name: 'output', usage: 'output on|off', summary: 'show or hide the guests\' output and machine notices (the guests keep running)', args: ['on-off'], min: 1, max: 1,
    run(ctx, [mode]) {
      if (mode !== 'on' && mode !== 'off') throw new ReplError(`output: '${mode}' is neither on nor off`, 'output off hides guest output, output on shows it again');
      ctx.setBackgroundOutput(mode === 'on');
      ctx.print(mode === 'on' ? 'guest output shown' : 'guest output hidden (output on shows it again)');
    },
  },
  {
    name: 'wait', usage: 'wait', summary: 'run the machine until every process has ended (Ctrl-C stops waiting)', args: [], min: 0, max: 0,
    async run(ctx) {
      const before = ctx.system.machine.cycle;
      ctx.driver.paused = false;
      const r = await ctx.driver.runUntilDone(ctx.signal);
      const ran = ctx.system.machine.cycle - before;
      if (r === 'done') ctx.print(`every process has ended (ran ${ran} cycles, now at cycle ${ctx.system.machine.cycle})`);
      else if (r === 'held') ctx.print(`stopped waiting: machine held (${ctx.driver.holdReason()})`);
      else if (r === 'idle') ctx.print(`stopped waiting: the remaining processes wait for something that never comes (${ctx.system.process.count()} left; ps shows them)`);
      else ctx.print(`stopped waiting at cycle ${ctx.system.machine.cycle}`);
    },
  },
  {
    name: 'run-for', usage: 'run-for CYCLES', summary: 'run the machine for CYCLES emulated cycles (e.g. run-for 5m), then hold it in a script', args: ['text'], min: 1, max: 1,
    async run(ctx, [n]) {
      const cycles = parseCycles(n!, 'run-for');
      const before = ctx.system.machine.cycle;
      const r = await ctx.driver.runFor(cycles, ctx.signal);
      const why = r === 'held' ? ` (machine held: ${ctx.driver.holdReason()})` : r === 'idle' ? ' (nothing left to run)' : r === 'aborted' ? ' (interrupted)' : '';
      ctx.print(`ran ${ctx.system.machine.cycle - before} cycles, now at cycle ${ctx.system.machine.cycle}${why}`);
    },
  },
  {
    name: 'quit', aliases: ['exit', '.exit', 'q'], usage: 'quit', summary: 'leave (the machine stops)', args: [], min: 0, max: 0,
    run(ctx) {
      ctx.quit();
    },
  },
];

function statsLines(ctx: ReplContext, now: Sample): string[] {
  return renderStats(now, ctx.driver.boot, ctx.statsSince, {
    processes: ctx.system.process.count(), guestBytes: ctx.driver.guestBytes(), paused: ctx.driver.paused, held: ctx.driver.holdReason(),
  });
}

const byName = new Map<string, CommandSpec>();
for (const c of COMMANDS) for (const n of [c.name, ...(c.aliases ?? [])]) byName.set(n, c);

/** Every name a command answers to. */
export function commandNames(): string[] {
  return [...byName.keys()];
}

export function findCommand(name: string): CommandSpec {
  const c = byName.get(name);
  if (c) return c;
  const guess = suggest(name, COMMANDS.map((x) => x.name));
  throw new ReplError(`unknown command '${name}'`, guess ? `did you mean '${guess}'? help lists every command` : 'help lists every command');
}

/** Splits a command line into words; "double" or 'single' quotes group words. */
export function words(line: string): string[] {
  const out: string[] = [];
  const re = /"([^"]*)"|'([^']*)'|(\S+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(line)) !== null) out.push(m[1] ?? m[2] ?? m[3]!);
  return out;
}

/** Runs one command line; ReplErrors (and the model's own errors) come back as one line each. */
export async function execute(ctx: ReplContext, line: string): Promise<void> {
  const [name, ...args] = words(line.replace(/#.*$/, ''));
  if (!name) return;
  const cmd = findCommand(name);
  if (args.length < cmd.min || args.length > cmd.max) {
    throw new ReplError(`${cmd.name}: expected ${cmd.min === cmd.max ? cmd.min : `${cmd.min}${cmd.max === Infinity ? ' or more' : `..${cmd.max}`}`} argument${cmd.max === 1 ? '' : 's'}, got ${args.length}`, `usage: ${cmd.usage}`);
  }
  await cmd.run(ctx, args);
}

