// Write-back policy: changed blocks stay dirty in the cache. They reach the disk when
// - `tick(now)` finds them dirty for at least `flushInterval` emulated cycles (checked every
//   flushInterval/4 cycles; flushInterval 0 disables the periodic flush),
// - the cache needs their slot (the least recently used dirty blocks are written in a batch of up to
//   cacheBlocks/8 and the operation blocks until one is clean),
// - `sync` / `unmount` is called.
// Dirty buffers are part of the exported state and survive a swap to any policy.
import { inject, injectable, optional } from 'inversify';
import { attributeToken, clientToken, content } from '../../bindings/index.js';
import type { Buf } from './cache.js';
import { FileSystemBase } from './core.js';
import type { BlockDisk } from './disk.js';
import { parseIntAttribute } from './attributes.js';
import { DEFAULT_CACHE_BLOCKS } from './write-through.js';

/** Default: 10 M cycles (10 ms of emulated time at 1 GHz). */
export const DEFAULT_FLUSH_INTERVAL = 10_000_000;

@injectable()
@content('components.filesystem.WriteBack')
export class WriteBack extends FileSystemBase {
  readonly policy: string = 'write-back';
  readonly flushInterval: number;

  constructor(
    @inject(clientToken('disk')) disk: BlockDisk,
    @inject(attributeToken('cacheBlocks')) @optional() cacheBlocks?: string | number,
    @inject(attributeToken('flushInterval')) @optional() flushInterval?: string | number,
  ) {
    super(disk, parseIntAttribute('cacheBlocks', cacheBlocks, DEFAULT_CACHE_BLOCKS, 16, 1 << 20));
    this.flushInterval = parseIntAttribute('flushInterval', flushInterval, DEFAULT_FLUSH_INTERVAL, 0, Number.MAX_SAFE_INTEGER);
  }

  protected afterCommit(): void {}

  protected onIdle(): void {}

  protected onTick(now: number): void {
    if (this.flushInterval === 0 || now - this.lastFlush < this.flushInterval / 4) return;
    this.lastFlush = now;
    const cache = this.cache!;
    for (const b of cache.bufs.values()) {
      if (b.dirty && now - b.dirtiedAt >= this.flushInterval) cache.writeBack(b);
    }
  }

  protected onImported(): void {}
}
