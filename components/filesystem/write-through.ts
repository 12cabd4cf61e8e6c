// Write-through policy: every block an operation changes is submitted to the disk when the operation
// commits, so the cache never holds a dirty block without a write for it in flight (except a block
// changed again while its previous write is in flight: it is rewritten as soon as that write completes,
// keeping one request per block). An operation completes when its writes are SUBMITTED; `sync` (and
// `unmount`) wait for their completion. Imported dirty buffers (from write-back) are written at the
// first call after importState, never inside importState (so a rolled-back import sends nothing).
import { inject, injectable, optional } from 'inversify';
import { attributeToken, clientToken, content } from '../../bindings/index.js';
import type { Buf } from './cache.js';
import { FileSystemBase } from './core.js';
import type { BlockDisk } from './disk.js';
import { parseIntAttribute } from './attributes.js';

export const DEFAULT_CACHE_BLOCKS = 256;

@injectable()
@content('components.filesystem.WriteThrough')
export class WriteThrough extends FileSystemBase {
  readonly policy = 'write-through';

  constructor(
    @inject(clientToken('disk')) disk: BlockDisk,
    @inject(attributeToken('cacheBlocks')) @optional() cacheBlocks?: string | number,
  ) {
    super(disk, parseIntAttribute('cacheBlocks', cacheBlocks, DEFAULT_CACHE_BLOCKS, 16, 1 << 20));
  }

  protected afterCommit(modified: Buf[]): void {
    const cache = this.cache!;
    for (const b of modified) cache.writeBack(b);
  }

  protected onIdle(b: Buf): void {
    if (b.dirty) this.cache!.writeBack(b);
  }

  protected onTick(): void {}

  protected onImported(): void {
    const cache = this.cache!;
    for (const b of cache.bufs.values()) if (b.dirty) cache.writeBack(b);
  }
}
