// Physical memory: the kernel's allocator manages exactly the machine's frames, and a guest that asks
// for more memory than exists gets ENOMEM (malloc returns NULL) while everything else keeps running.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bootSystem } from '../../boot/system.js';

const elf = (name: string) => ({ path: `/${name}.elf`, data: readFileSync(new URL(`../../workloads/bin/${name}.elf`, import.meta.url)), mode: 0o755 });

describe('physical memory', () => {
  it('the allocator manages the machine\'s frames (boot passes them to components.Kernel)', async () => {
    for (const frames of [1024, 8192]) {
      const s = await bootSystem({ frames });
      const alloc = s.component('allocator').getFcInterface('allocator') as unknown as { stats(): { total: number } };
      expect(alloc.stats().total).toBe(frames);
    }
  });

  it('a guest exhausting memory gets ENOMEM, frees it all, and the others are untouched', async () => {
    const s = await bootSystem({ frames: 1024, files: [elf('memhog'), elf('sort')] });
    const hog = s.spawn('/memhog.elf', ['memhog.elf', '1000000']);
    const other = s.spawn('/sort.elf', ['sort.elf']);
    expect(s.runToCompletion(5e8)).toBe('done');
    const out = new TextDecoder().decode(s.output().stdout);
    expect(out).toMatch(/memhog: malloc failed after \d+ blocks/);
    expect(out).toMatch(/memhog: pages checked \d+, corrupted 0/);
    expect(out).toContain('distinct=1991 rank_checksum=0xa14ab916'); // sort's last line, as qemu prints it
    const exits = Object.fromEntries(s.process.exits().map((e) => [e.pid, e]));
    expect(exits[hog]!.code).toBe(0);
    expect(exits[other]!.code).toBe(0);
    const alloc = s.component('allocator').getFcInterface('allocator') as unknown as { stats(): { used: number } };
    expect(alloc.stats().used).toBe(0); // every frame came back
  });
});
