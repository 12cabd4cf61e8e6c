// Write-back policy plus a hashed directory index (dir-index.ts): lookups in indexed directories need
// neither a scan nor their directory blocks in the cache. The index is derived data: it is not in the
// exported state, so swapping to or from this variant moves exactly the write-back state, and the
// index is rebuilt lazily (one directory scan per directory looked up).
import { inject, injectable, optional } from 'inversify';
import { attributeToken, clientToken, content } from '../../bindings/index.js';
import type { BlockDisk } from './disk.js';
import { WriteBack } from './write-back.js';
import { DirIndex } from './dir-index.js';
import { parseIntAttribute } from './attributes.js';

@injectable()
@content('components.filesystem.WriteBackIndexed')
export class WriteBackIndexed extends WriteBack {
  override readonly policy: string = 'write-back-indexed';

  constructor(
    @inject(clientToken('disk')) disk: BlockDisk,
    @inject(attributeToken('cacheBlocks')) @optional() cacheBlocks?: string | number,
    @inject(attributeToken('flushInterval')) @optional() flushInterval?: string | number,
    @inject(attributeToken('indexedDirs')) @optional() indexedDirs?: string | number,
  ) {
    super(disk, cacheBlocks, flushInterval);
    this.dirIndex = new DirIndex(parseIntAttribute('indexedDirs', indexedDirs, 256, 1, 1 << 20));
  }

  /** Index counters (for tools and tests). */
  indexStats(): { indexedDirs: number; hits: number; builds: number } {
    const i = this.dirIndex!;
    return { indexedDirs: i.size, hits: i.hits, builds: i.builds };
  }
}
