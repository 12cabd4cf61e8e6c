// Canonical state of the filesystem family, version 1: what any policy exports and any policy imports.
//
// Invariants of a valid state:
// - `mounted` is false => no superblock, no buffers, no in-flight requests, no references;
// - every buffer has a distinct block < superblock.totalBlocks; `data` (base64 of blockSize bytes) is
//   null exactly when a read is in flight for it (its bytes are not known yet);
// - every in-flight request names a buffer of the same block with the matching readId/writeId; at most
//   one request per block; a read is only in flight for a buffer without data, never dirty;
// - the wait channel of every in-flight request is its block number (processes parked on it are the
//   process manager's business); `references` counts open-inode references (count > 0, distinct inos).
// Buffers are listed in LRU order (first = least recently used).
import { z } from 'zod';

export const STATE_VERSION = 1;

export const SuperblockSchema = z.object({
  magic: z.number().int(),
  version: z.number().int(),
  blockSize: z.number().int().positive(),
  totalBlocks: z.number().int().positive(),
  inodeCount: z.number().int().positive(),
  inodeBitmapStart: z.number().int().nonnegative(),
  inodeBitmapBlocks: z.number().int().nonnegative(),
  blockBitmapStart: z.number().int().nonnegative(),
  blockBitmapBlocks: z.number().int().nonnegative(),
  inodeTableStart: z.number().int().nonnegative(),
  inodeTableBlocks: z.number().int().nonnegative(),
  dataStart: z.number().int().nonnegative(),
  rootIno: z.number().int().positive(),
  createdAt: z.number().nonnegative(),
});

export const BufferStateSchema = z.object({
  block: z.number().int().nonnegative(),
  /** base64 of the block's bytes; null while its read is in flight. */
  data: z.string().nullable(),
  dirty: z.boolean(),
  dirtiedAt: z.number().nonnegative(),
});

export const RequestStateSchema = z.object({
  /** Request id as the disk returned it (>= 0). */
  id: z.number().int().nonnegative(),
  op: z.enum(['read', 'write']),
  block: z.number().int().nonnegative(),
  /** Wait channel woken when it completes (= block). */
  channel: z.number().int().nonnegative(),
  /**
   * For a read: the buffer the disk fills when it completes, moved by reference so that the importer
   * adopts the request instead of issuing it again (re-issuing on every swap can starve a reader when
   * swaps come faster than the disk answers).
   */
  target: z.custom<Uint8Array>((v) => v instanceof Uint8Array, 'a Uint8Array').optional(),
});

export const FileSystemStateSchema = z.object({
  family: z.literal('filesystem'),
  version: z.literal(STATE_VERSION),
  /** Policy that exported it (informational). */
  policy: z.string(),
  mounted: z.boolean(),
  /** Not mounted yet, but mount() has started (its superblock read is re-issued by an importer). */
  mounting: z.boolean(),
  superblock: SuperblockSchema.nullable(),
  now: z.number().nonnegative(),
  lastFlush: z.number().nonnegative(),
  buffers: z.array(BufferStateSchema),
  inflight: z.array(RequestStateSchema),
  references: z.array(z.object({ ino: z.number().int().positive(), count: z.number().int().positive() })),
  /** Next block the allocator tries first (a hint; any value in range is correct). */
  allocHint: z.number().int().nonnegative(),
});

export type FileSystemState = z.infer<typeof FileSystemStateSchema>;
export type BufferState = z.infer<typeof BufferStateSchema>;

export function toBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

export function fromBase64(s: string): Uint8Array {
  const b = Buffer.from(s, 'base64');
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
}
