// Tab completion: commands, component paths, implementations of the component typed before, client and
// server interfaces (COMPONENT.ITF, this.ITF for the kernel's own ends), attributes, programs, pids, files.
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TesseraSystem } from '../../boot/system.js';
import { complete, hostFiles, systemSource, type CompletionSource } from '../../cli/repl/completion.js';
import { bootCliSystem } from '../../cli/system-boot.js';

let system: TesseraSystem;
let src: CompletionSource;
beforeAll(async () => {
  system = await bootCliSystem({ workload: null });
  src = systemSource(system);
});

describe('completion from a running kernel', { timeout: 120_000 }, () => {
  it('completes command names, with a space after a unique one', () => {
    expect(complete('sw', src)).toEqual([['swap '], 'sw']);
    expect(complete('s', src)[0]).toEqual(['save', 'set', 'show', 'start', 'stats', 'stop', 'swap']);
    expect(complete('', src)[0]).toContain('quit');
    expect(complete('', src)[0]).not.toContain('.help'); // dot forms only when a dot was typed
    expect(complete('.h', src)).toEqual([['.help '], '.h']);
    expect(complete('zz', src)).toEqual([[], 'zz']);
  });

  it('completes component paths', () => {
    expect(complete('swap sch', src)).toEqual([['scheduler '], 'sch']);
    expect(complete('show ', src)[0]).toEqual(['allocator', 'filesystem', 'process', 'scheduler', 'syscall']);
    expect(complete('ls f', src)).toEqual([['filesystem '], 'f']);
  });

  it('completes implementation names of the component named before', () => {
    expect(complete('swap scheduler ', src)[0]).toEqual(['fair', 'mlfq', 'priority', 'round-robin', 'stride']);
    expect(complete('swap scheduler ml', src)).toEqual([['mlfq '], 'ml']);
    expect(complete('swap allocator b', src)[0]).toEqual(['bitmap', 'buddy']);
    expect(complete('swap filesystem write-', src)[0]).toContain('write-back');
    expect(complete('swap nowhere ', src)[0]).toEqual([]);
    expect(complete('swap scheduler mlfq ', src)[0]).toEqual([]); // no third argument
  });

  it('completes client interfaces for bind/unbind and server interfaces for the server end', () => {
    const clients = complete('unbind process.', src)[0];
    expect(clients).toEqual(['process.allocator', 'process.console', 'process.filesystem', 'process.requests', 'process.scheduler']);
    expect(complete('bind this.', src)[0]).toEqual(['this.process', 'this.syscall']);
    expect(complete('bind process.scheduler sch', src)).toEqual([['scheduler.scheduler '], 'sch']);
    expect(complete('bind process.console this.', src)[0]).toEqual(['this.console', 'this.disk', 'this.requests']);
  });

  it('completes attributes, programs and pids', () => {
    expect(complete('exec be', src)).toEqual([['bench '], 'be']);
    expect(complete('output o', src)[0]).toEqual(['off', 'on']);
    expect(complete('exec ', src)[0]).toContain('forkpipe');
    const pid = system.process.spawn('/bin/hello', ['hello'], [], {});
    expect(complete('kill ', src)[0]).toEqual([`${pid} `]);
  });

  it('completes the attributes of the component named before (stub source)', () => {
    const stub: CompletionSource = { ...src, attributes: (p) => (p === 'scheduler' ? ['boost', 'levels', 'quantum'] : []) };
    expect(complete('set scheduler ', stub)[0]).toEqual(['boost', 'levels', 'quantum']);
    expect(complete('set /scheduler q', stub)).toEqual([['quantum '], 'q']);
    expect(complete('set scheduler quantum ', stub)[0]).toEqual([]);
  });
});

describe('completion of host files', { timeout: 120_000 }, () => {
  it('lists matching entries, directories with a slash', () => {
    const dir = join(tmpdir(), `tessera-complete-${process.pid}`);
    mkdirSync(join(dir, 'scripts'), { recursive: true });
    writeFileSync(join(dir, 'swap.fs'), '');
    writeFileSync(join(dir, 'saved.fractal'), '');
    expect(hostFiles(`${dir}/s`).sort()).toEqual([`${dir}/saved.fractal`, `${dir}/scripts/`, `${dir}/swap.fs`]);
    expect(complete(`run ${dir}/sw`, systemSourceStub())).toEqual([[`${dir}/swap.fs `], `${dir}/sw`]);
    expect(complete(`load ${dir}/scr`, systemSourceStub())).toEqual([[`${dir}/scripts/`], `${dir}/scr`]);
  });
});

function systemSourceStub(): CompletionSource {
  return { ...src, files: hostFiles };
}
