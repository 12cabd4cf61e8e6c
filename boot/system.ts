// Boots a Tessera system: the machine, its devices, the platform component, and the kernel composite
// built from its ADL (components/Kernel.fractal by default), wired to the machine's trap handler.
// Everything that drives a run (CLI, REPL, experiments, tests) starts here.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Container } from 'inversify';
import { AdlError, build, loadAdl, type AdlModel, type BuiltArchitecture } from '../adl/index.js';
import { Fractal, deviceToken, type BootstrapComponent, type Component, type ReconfigurationMode } from '../bindings/index.js';
// Registers every kernel content class and signature the ADL can name.
import '../components/index.js';
import { isBlocked } from '../components/filesystem/signature.js';
import { mkfs, type MkfsFile } from '../components/filesystem/mkfs.js';
import type { FileSystem } from '../components/filesystem/signature.js';
import type { ProcessManager } from '../components/process/signature.js';
import type { Syscall } from '../components/syscall/signature.js';
import { BufferConsole, HostConsole, type ConsoleDevice, type TimedInput } from '../machine/devices/console.js';
import { Disk, FileBacking, MemoryBacking, type DiskBacking } from '../machine/devices/disk.js';
import { RequestPort, type ScheduledRequest } from '../machine/devices/request-port.js';
import type { Engine } from '../machine/hart.js';
import { Machine, type RunExit } from '../machine/machine.js';
import { MachineCpu } from './cpu.js';
import { NO_REQUEST_PORT } from './platform.js';
import { KernelTraps } from './traps.js';

const here = dirname(fileURLToPath(import.meta.url));
/** The repository root (ADL search root of `components.Kernel`). */
export const ROOT = resolve(here, '..');
export const DEFAULT_ADL = join(ROOT, 'components', 'Kernel.fractal');

export interface BootOptions {
  /** ADL file of the kernel composite (default components/Kernel.fractal). */
  adl?: string;
  /** Extra ADL search-path entries. */
  path?: string[];
  /** Arguments of the kernel definition, e.g. { scheduler: 'components.scheduler.Mlfq' }. */
  adlArgs?: Record<string, string>;
  /** Seed of every deterministic choice of the run (default 1). */
  seed?: number;
  /** Physical frames of the machine (default 4096 = 16 MiB). */
  frames?: number;
  /** Emulated clock rate in Hz, for guest-visible time (default 100 MHz). */
  hz?: number;
  /** Guest console: the host's stdin/stdout, or buffers (default: buffers with this input, then EOF). */
  console?: 'host' | { input?: string | Uint8Array | TimedInput[] };
  /** Disk image: a host file (kept across runs), bytes, or a fresh image of `diskSectors` holding `files`. */
  image?: string | Uint8Array;
  diskSectors?: number;
  files?: MkfsFile[];
  /** Disk latency in cycles (default 10,000) and per sector (default 100). */
  diskLatency?: number;
  diskPerSector?: number;
  /** Request-port schedule; without one the machine has no request port (no /dev/requests). */
  requests?: ScheduledRequest[];
  /** Execution engine of the machine: 'jit' (WebAssembly regions, default), 'js' (JavaScript blocks) or 'interp'. */
  engine?: Engine;
  /** Reconfiguration mode of every kernel primitive: 'thread-counting' (default) or 'none' (direct, no interceptors). */
  reconfiguration?: ReconfigurationMode;
}

/** A booted machine and kernel. */
export class TesseraSystem {
  constructor(
    readonly machine: Machine,
    readonly cpu: MachineCpu,
    readonly boot: BootstrapComponent,
    readonly architecture: BuiltArchitecture,
    readonly platform: Component,
    readonly traps: KernelTraps,
    readonly console: ConsoleDevice,
    readonly disk: Disk,
    readonly requestPort: RequestPort | null,
    readonly options: Readonly<BootOptions>,
  ) {}

  /** The kernel composite (root of the built architecture). */
  get kernel(): Component {
    return this.architecture.root;
  }

  /** The process manager, through the kernel's exported interface (follows swaps). */
  get process(): ProcessManager {
    return this.kernel.getFcInterface('process') as unknown as ProcessManager;
  }

  get syscall(): Syscall {
    return this.kernel.getFcInterface('syscall') as unknown as Syscall;
  }

  /** A sub-component of the kernel by path ("scheduler", "filesystem", ...). */
  component(path: string): Component {
    return this.architecture.get(path);
  }

  /** The filesystem's server interface (for tools; the kernel itself reaches it through bindings). */
  get filesystem(): FileSystem {
    return this.component('filesystem').getFcInterface('filesystem') as unknown as FileSystem;
  }

  /** Starts `path` (a guest path in the filesystem) as a new process; returns its pid. */
  spawn(path: string, argv: string[] = [path], envp: string[] = [], cwd = '/'): number {
    const pid = this.process.spawn(path, argv, envp, { cwd });
    if (pid < 0) throw new Error(`spawn ${path}: error ${-pid}`);
    return pid;
  }

  /** Runs the machine for at most `budget` cycles (see Machine.run). */
  run(budget: number): RunExit {
    return this.machine.run(budget);
  }

  /**
   * Runs until every process has ended (or `maxCycles` pass, or the machine idles with nothing that
   * could wake it). Synchronous: for tests and buffered consoles.
   */
  runToCompletion(maxCycles = Number.MAX_SAFE_INTEGER): RunExit | 'done' {
    const end = this.machine.cycle + maxCycles;
    for (;;) {
      if (this.process.count() === 0) return 'done';
      const left = end - this.machine.cycle;
      if (left <= 0) return 'budget';
      const r = this.machine.run(Math.min(left, 50_000_000));
      if (r === 'idle' || r === 'stopped') return this.process.count() === 0 ? 'done' : r;
    }
  }

  /**
   * Runs until every process has ended, yielding to the event loop between slices (so a REPL, timers and
   * host input keep working) and waiting for host input when idle. `shouldPause` holds the machine.
   */
  async runAsync(opts: { slice?: number; signal?: AbortSignal; onSlice?: () => void } = {}): Promise<RunExit | 'done'> {
    const slice = opts.slice ?? 2_000_000;
    for (;;) {
      if (opts.signal?.aborted) return 'stopped';
      if (this.process.count() === 0) return 'done';
      const r = this.machine.run(slice);
      opts.onSlice?.();
      if (r === 'idle') {
        if (this.process.count() === 0) return 'done';
        const wait = this.console.waitForInput();
        if (wait === null) return 'idle';
        await wait;
      } else {
        await new Promise<void>((res) => setImmediate(res));
      }
    }
  }

  /** Guest output of a buffered console (stdout, stderr); throws for the host console. */
  output(): { stdout: Uint8Array; stderr: Uint8Array } {
    if (!(this.console instanceof BufferConsole)) throw new Error('output(): the console is the host\'s; its output went to the terminal');
    return { stdout: this.console.stdout(), stderr: this.console.stderr() };
  }
}

/** Builds the machine and boots the kernel from its ADL. */
export async function bootSystem(options: BootOptions = {}): Promise<TesseraSystem> {
  const seed = options.seed ?? 1;
  const frames = options.frames ?? 4096;
  const hz = options.hz ?? 100_000_000;
  const machine = new Machine({ frames, engine: options.engine });
  const cpu = new MachineCpu(machine, hz, seed);
  const consoleDevice: ConsoleDevice = options.console === 'host'
    ? new HostConsole(machine)
    : new BufferConsole(machine, options.console?.input ?? new Uint8Array(0));
  const disk = new Disk(machine, diskBacking(options), { latency: options.diskLatency, perSector: options.diskPerSector });
  const requestPort = options.requests ? new RequestPort(machine, options.requests) : null;

  const container = new Container();
  container.bind(deviceToken('cpu')).toConstantValue(cpu);
  container.bind(deviceToken('console')).toConstantValue(consoleDevice);
  container.bind(deviceToken('disk')).toConstantValue(disk);
  container.bind(deviceToken('requests')).toConstantValue(requestPort ?? NO_REQUEST_PORT);
  const boot = Fractal.createBootstrapComponent({ clock: () => machine.cycle, container });

  const platform = createPlatform(boot);
  const model = loadKernelAdl(options, frames);
  const imports = {
    console: platform.getFcInterface('console'),
    disk: platform.getFcInterface('disk'),
    requests: platform.getFcInterface('requests'),
  };
  const architecture = await build(model, { boot, container, imports, reconfiguration: options.reconfiguration });
  const system0 = architecture.root;
  const traps = new KernelTraps(
    system0.getFcInterface('syscall') as unknown as Syscall,
    system0.getFcInterface('process') as unknown as ProcessManager,
    disk,
    consoleDevice,
    () => machine.stop(),
  );
  machine.setHandler(traps);
  machine.idle = true;
  const system = new TesseraSystem(machine, cpu, boot, architecture, platform, traps, consoleDevice, disk, requestPort, options);
  checkFrames(system, frames);
  mount(system);
  return system;
}

/**
 * Loads the kernel's ADL. A kernel that declares a `frames` argument (components.Kernel and the variants
 * extending it) gets the machine's frame count, so that its allocator manages exactly the machine's memory.
 */
function loadKernelAdl(options: BootOptions, frames: number): AdlModel {
  const file = options.adl ?? DEFAULT_ADL;
  const args = options.adlArgs ?? {};
  if (args.frames !== undefined) return loadAdl(file, { path: options.path, args });
  try {
    return loadAdl(file, { path: options.path, args: { ...args, frames: String(frames) } });
  } catch (err) {
    const noFramesArgument = err instanceof AdlError && err.diagnostics.some((d) => d.kind === 'unknown-argument' && d.message.includes("no argument 'frames'"));
    if (!noFramesArgument) throw err;
    return loadAdl(file, { path: options.path, args });
  }
}

function createPlatform(boot: BootstrapComponent): Component {
  const tf = Fractal.getTypeFactory(boot);
  const gf = Fractal.getGenericFactory(boot);
  const type = tf.createFcType([
    tf.createFcItfType('console', 'machine.Console', false, false, false),
    tf.createFcItfType('disk', 'machine.BlockDisk', false, false, false),
    tf.createFcItfType('requests', 'machine.RequestPort', false, false, false),
  ]);
  // The platform is the machine itself: not reconfigurable, so it costs no interceptor.
  const platform = gf.newFcInstance(type, 'primitive', 'tessera.Platform', { name: 'platform', reconfiguration: 'none' });
  void Fractal.getLifeCycleController(platform).startFc();
  return platform;
}

function diskBacking(options: BootOptions): DiskBacking {
  if (typeof options.image === 'string') {
    if (!existsSync(options.image)) throw new Error(`disk image ${options.image} does not exist; create it with 'tessera mkfs ${options.image}'`);
    return new FileBacking(options.image);
  }
  if (options.image instanceof Uint8Array) return new MemoryBacking(options.image);
  const image = new Uint8Array((options.diskSectors ?? 32 * 2048) * 512);
  mkfs(image, { files: options.files ?? [] });
  return new MemoryBacking(image);
}

/** The allocator must not hand out frames the machine does not have. */
function checkFrames(system: TesseraSystem, frames: number): void {
  const alloc = system.component('allocator').getFcInterface('allocator') as unknown as { stats(): { total: number } };
  const total = alloc.stats().total;
  if (total > frames) {
    throw new Error(`the allocator manages ${total} frames but the machine has ${frames}: set the allocator's 'frames' attribute to at most ${frames}, or boot with more frames`);
  }
}

/** Mounts the root filesystem, running the machine while the superblock is read from the disk. */
function mount(system: TesseraSystem): void {
  const fs = system.filesystem;
  for (let i = 0; i < 1000; i++) {
    const r = fs.mount();
    if (r === 0) return;
    if (!isBlocked(r)) throw new Error(`cannot mount the root filesystem: error ${-r} (is the disk image made by 'tessera mkfs'?)`);
    system.machine.run(1_000_000);
  }
  throw new Error('cannot mount the root filesystem: the disk never answered');
}

