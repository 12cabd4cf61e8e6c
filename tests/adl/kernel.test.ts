// The kernel's architecture in ADL (components/*.fractal).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkAdl, findNode, loadAdl } from '../../adl/index.js';

const C = join(import.meta.dirname, '../../components');

describe('kernel ADL', () => {
  it('components.Kernel: five sub-components, devices imported, syscall exported', () => {
    const g = loadAdl(join(C, 'Kernel.fractal')).graph;
    expect(g.name).toBe('kernel');
    expect(g.components.map((c) => [c.name, c.content])).toEqual([
      ['scheduler', 'components.scheduler.RoundRobin'],
      ['allocator', 'components.allocator.Bitmap'],
      ['filesystem', 'components.filesystem.WriteThrough'],
      ['process', 'components.process.ProcessManager'],
      ['syscall', 'components.syscall.SyscallLayer'],
    ]);
    // The kernel engineer grows this file; these are the parts the rest of the system relies on.
    expect(g.interfaces.map((i) => `${i.role} ${i.name}: ${i.signature}`)).toEqual(
      expect.arrayContaining([
        'server syscall: components.syscall.Syscall',
        'client console: machine.Console',
        'client disk: machine.BlockDisk',
        'client requests: machine.RequestPort',
      ]),
    );
    expect(findNode(g, 'process')!.interfaces.filter((i) => i.role === 'client').map((i) => i.name)).toEqual(
      expect.arrayContaining(['scheduler', 'allocator', 'filesystem', 'console', 'requests']),
    );
    for (const b of [
      { client: 'this.syscall', server: 'syscall.syscall' },
      { client: 'syscall.process', server: 'process.process' },
      { client: 'process.scheduler', server: 'scheduler.scheduler' },
      { client: 'process.allocator', server: 'allocator.allocator' },
      { client: 'process.filesystem', server: 'filesystem.filesystem' },
      { client: 'filesystem.disk', server: 'this.disk' },
    ]) {
      expect(g.bindings).toContainEqual(b);
    }
  });

  it('takes implementations as arguments', () => {
    const g = loadAdl(join(C, 'Kernel.fractal'), { args: { scheduler: 'components.scheduler.Stride' } }).graph;
    expect(findNode(g, 'scheduler')!.content).toBe('components.scheduler.Stride');
  });

  it('variants override one family each', () => {
    expect(findNode(loadAdl(join(C, 'KernelMlfq.fractal')).graph, 'scheduler')!.content).toBe('components.scheduler.Mlfq');
    expect(findNode(loadAdl(join(C, 'KernelBuddy.fractal')).graph, 'allocator')!.content).toBe('components.allocator.Buddy');
    expect(findNode(loadAdl(join(C, 'KernelWriteBack.fractal')).graph, 'filesystem')!.content).toBe('components.filesystem.WriteBack');
  });

  it('every top-level kernel file checks clean', () => {
    for (const f of ['Kernel', 'KernelMlfq', 'KernelBuddy', 'KernelWriteBack', 'SchedulerType', 'AllocatorType', 'FileSystemType', 'ProcessManagerType', 'SyscallType']) {
      expect(checkAdl(join(C, `${f}.fractal`)), f).toEqual([]);
    }
  });
});
