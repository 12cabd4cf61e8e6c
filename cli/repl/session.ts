// A REPL session over a booted system. Two modes:
//  - interactive (a TTY): the machine runs freely in slices while the prompt is up; guest output and
//    notices are printed above the prompt (clear the line, print, redraw the prompt and what was typed);
//    history is kept in a file; Tab completes; Ctrl-C cancels the running command or the typed line, and
//    a second Ctrl-C on an empty line leaves.
//  - scripted (--script FILE or piped stdin): each line is echoed after the prompt and run in order;
//    the machine advances only in `wait` and `run-for`, so a script's output is the same on every run;
//    when the input ends the machine runs until every process has ended, then the session ends.
// Every error is printed as one line ("error: what (hint)") and the session goes on.
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import * as readline from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { FractalError, Fractal } from '../../bindings/index.js';
import type { TesseraSystem } from '../../boot/system.js';
import { GuestOutput } from '../guest-output.js';
import { MachineDriver } from '../machine-driver.js';
import type { Workload } from '../workload.js';
import { execute, type ReplContext } from './commands.js';
import { complete, systemSource } from './completion.js';
import type { ReplEngine } from './engine.js';
import { ReplError } from './model.js';
import { renderEvent } from './render.js';

export const PROMPT = 'tessera> ';
const MAX_EVENTS = 500;

export interface SessionOptions {
  system: TesseraSystem;
  engine: ReplEngine | null;
  input: Readable;
  output: Writable;
  /** A terminal: free-running machine, line editing, completion, history. */
  interactive: boolean;
  /** Commands to run instead of reading `input` (scripted mode). */
  script?: string;
  /** History file (interactive only); null: no history file. Default $TESSERA_HISTORY or ~/.tessera_history. */
  historyFile?: string | null;
  workload?: Workload | null;
  /** Cycles per slice. */
  slice?: number;
}

export function defaultHistoryFile(): string {
  return process.env.TESSERA_HISTORY || join(homedir(), '.tessera_history');
}

/** Runs a session to its end; resolves with the exit status (0, or 1 when a scripted command failed). */
export async function runSession(o: SessionOptions): Promise<number> {
  const s = new Session(o);
  return s.run();
}

class Session {
  private readonly driver: MachineDriver;
  /** Events are rendered when shown, not when they happen: the first number formatting loads ICU data
   *  (~100 ms), which a component's 'stopped' event would otherwise add to the swap's interruption. */
  private readonly recentEvents: Array<string | (() => string)> = [];
  private rl: readline.Interface | null = null;
  private prompting = false;
  private quitting = false;
  private failures = 0;
  private current: AbortController | null = null;
  private enterWaiters: Array<() => void> = [];
  private lastSigintEmpty = false;
  private muted = false;
  /** Background lines kept back while a command draws a live screen (top), printed when it ends. */
  private heldBack: string[] | null = null;
  private readonly queue: string[] = [];
  private pumping = false;
  private done!: (code: number) => void;
  private statsSince;

  constructor(private readonly o: SessionOptions) {
    const output = new GuestOutput(o.system, (line) => this.background(line));
    this.driver = new MachineDriver(o.system, { slice: o.slice, output, notice: (line) => this.background(line) });
    this.statsSince = this.driver.boot;
    Fractal.getModelEvents(o.system.kernel).subscribe((e) => this.remember(() => renderEvent(e)));
    o.engine?.events$.subscribe((e) => {
      if (e.kind === 'done') this.remember(`reconfig #${e.id} ${e.record.outcome}: ${e.record.actions.join('; ')}`);
      else if (e.kind === 'requested') this.remember(`reconfig #${e.id} requested: ${e.actions.join('; ')}`);
      else if (e.kind === 'phase') this.remember(`reconfig #${e.id} phase ${e.phase.phase} cycles ${e.phase.startCycle}..${e.phase.endCycle}`);
    });
  }

  private remember(line: string | (() => string)): void {
    this.recentEvents.push(line);
    if (this.recentEvents.length > MAX_EVENTS) this.recentEvents.splice(0, this.recentEvents.length - MAX_EVENTS);
  }

  /** Guest output and machine notices: printed unless muted (`output off`). */
  private background(line: string): void {
    if (this.muted) return;
    if (this.heldBack) this.heldBack.push(line);
    else this.print(line);
  }

  /** Prints a line without garbling what the user is typing. */
  print(line: string): void {
    const out = this.o.output;
    if (this.o.interactive && this.prompting && this.rl) {
      readline.clearLine(out, 0);
      readline.cursorTo(out, 0);
      out.write(`${line}\n`);
      this.rl.prompt(true);
    } else out.write(`${line}\n`);
  }

  private context(signal: AbortSignal): ReplContext {
    const self = this;
    return {
      system: this.o.system,
      driver: this.driver,
      engine: this.o.engine,
      interactive: this.o.interactive,
      print: (l) => this.print(l),
      signal,
      untilEnter: () => new Promise<void>((res) => this.enterWaiters.push(res)),
      recentEvents: () => this.recentEvents.map((l) => (typeof l === 'string' ? l : l())),
      get statsSince() {
        return self.statsSince;
      },
      set statsSince(v) {
        self.statsSince = v;
      },
      setBackgroundOutput: (on: boolean) => {
        this.muted = !on;
      },
      holdBackgroundOutput: (hold: boolean) => {
        const kept = this.heldBack;
        this.heldBack = hold ? (kept ?? []) : null;
        if (!hold && kept) for (const l of kept) this.print(l);
      },
      quit: () => {
        this.quitting = true;
      },
    };
  }

  async run(): Promise<number> {
    if (this.o.workload) {
      const pids = this.driver.startWorkload(this.o.workload);
      this.print(`[tessera] workload '${this.o.workload.name}': ${this.o.workload.guests.map((g, i) => `${g.program}${g.args.length ? ` ${g.args.join(' ')}` : ''} (pid ${pids[i]})`).join(', ')}`);
    }
    return this.o.interactive && this.o.script === undefined ? this.interactive() : this.scripted();
  }

  /** Runs one line; prints errors as one line. */
  private async runLine(line: string): Promise<void> {
    const ac = new AbortController();
    this.current = ac;
    try {
      await execute(this.context(ac.signal), line);
    } catch (e) {
      this.failures++;
      this.print(errorLine(e));
    } finally {
      this.current = null;
    }
  }

  private async scripted(): Promise<number> {
    const lines = this.o.script !== undefined ? this.o.script.split('\n') : readline.createInterface({ input: this.o.input, terminal: false, crlfDelay: Infinity });
    for await (const raw of lines) {
      const line = raw.trim();
      if (line === '' || line.startsWith('#')) continue;
      this.print(`${PROMPT}${line}`);
      await this.runLine(line);
      if (this.quitting) break;
    }
    if (!this.quitting) {
      const r = await this.driver.runUntilDone();
      this.print(r === 'done' ? `[tessera] end of input: every process has ended at cycle ${this.o.system.machine.cycle}`
        : `[tessera] end of input: ${this.o.system.process.count()} processes cannot finish (${r === 'held' ? this.driver.holdReason() : 'they wait for input that never comes'})`);
    }
    return this.failures > 0 ? 1 : 0;
  }

  private interactive(): Promise<number> {
    const historyFile = this.o.historyFile === undefined ? defaultHistoryFile() : this.o.historyFile;
    const history = historyFile && existsSync(historyFile) ? readFileSync(historyFile, 'utf8').split('\n').filter(Boolean).reverse().slice(0, 1000) : [];
    const source = systemSource(this.o.system);
    const rl = readline.createInterface({
      input: this.o.input,
      output: this.o.output,
      terminal: true,
      prompt: PROMPT,
      history,
      historySize: 1000,
      removeHistoryDuplicates: true,
      completer: (line: string) => complete(line, source),
    });
    this.rl = rl;
    this.print('Tessera REPL: the machine is running. Try: ls, ps, top, swap scheduler mlfq, stats, help. Ctrl-C twice or quit leaves.');
    const finished = new Promise<number>((res) => (this.done = res));
    rl.on('line', (line) => {
      this.lastSigintEmpty = false;
      if (this.enterWaiters.length > 0) {
        // Enter ends a following command (events); a command typed meanwhile runs after it.
        for (const w of this.enterWaiters.splice(0)) w();
        if (line.trim() === '') return;
      }
      if (historyFile && line.trim() !== '') {
        try {
          appendFileSync(historyFile, `${line.trim()}\n`);
        } catch {
          // An unwritable history file must not stop the session.
        }
      }
      this.queue.push(line);
      void this.pump();
    });
    rl.on('SIGINT', () => this.sigint());
    rl.on('close', () => this.finish());
    this.driver.startFreeRunning();
    this.prompting = true;
    rl.prompt();
    return finished.then((code) => {
      if (historyFile) trimHistory(historyFile);
      return code;
    });
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    this.prompting = false;
    while (this.queue.length > 0 && !this.quitting) {
      const line = this.queue.shift()!.trim();
      if (line !== '') await this.runLine(line);
    }
    this.pumping = false;
    if (this.quitting) {
      this.rl?.close();
      return;
    }
    this.prompting = true;
    this.rl?.prompt();
  }

  private sigint(): void {
    const rl = this.rl!;
    if (this.current) {
      this.current.abort();
      for (const w of this.enterWaiters.splice(0)) w();
      this.o.output.write('^C\n');
      return;
    }
    if (rl.line.length > 0) {
      this.lastSigintEmpty = false;
      // As a shell does: "^C" after what was typed, then a fresh empty prompt on the next row.
      rl.write(null, { ctrl: true, name: 'e' });
      this.o.output.write('^C\n');
      rl.write(null, { ctrl: true, name: 'u' });
      return;
    }
    if (this.lastSigintEmpty) {
      rl.close();
      return;
    }
    this.lastSigintEmpty = true;
    this.o.output.write('^C (press Ctrl-C again or type quit to leave; the machine keeps running)\n');
    rl.prompt();
  }

  private finish(): void {
    this.prompting = false;
    this.driver.stopFreeRunning();
    this.o.output.write(`[tessera] leaving at cycle ${this.o.system.machine.cycle}; ${this.o.system.process.count()} processes were still running\n`);
    this.done(0);
  }
}

/** One line for any error: ours with a hint, the component model's and the engine's by message. */
export function errorLine(e: unknown): string {
  if (e instanceof ReplError) return `error: ${e.message}${e.hint ? ` (${e.hint})` : ''}`;
  if (e instanceof FractalError) return `error: ${e.name}: ${e.message}`;
  if (e instanceof Error) return `error: ${e.name === 'Error' ? '' : `${e.name}: `}${e.message}`;
  return `error: ${String(e)}`;
}

/** Keeps the last 1000 lines of the history file. */
function trimHistory(file: string): void {
  try {
    const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
    if (lines.length > 1000) writeFileSync(file, `${lines.slice(-1000).join('\n')}\n`);
  } catch {
    // best effort
  }
}
