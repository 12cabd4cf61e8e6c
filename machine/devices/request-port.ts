// The request port: a network-card-like device. The experiment gives a fixed schedule of requests
// (payload + emulated arrival cycle); each is delivered by a device event at its cycle (Irq.RequestPort)
// into an inbox the kernel drains; replies are recorded with their emulated timestamps. The record
// of every request and reply is plain data, deterministic for a given schedule and guest.
import { MachineConfigError } from '../errors.js';
import type { DeviceBus } from '../machine.js';
import { Irq } from '../trap.js';

export interface ScheduledRequest {
  /** Emulated cycle at which the request arrives. */
  at: number;
  payload: Uint8Array | string;
}

export interface PortRequest {
  /** Index of the request in the schedule (sorted by arrival, stable). */
  id: number;
  /** Cycle at which it arrived in the inbox. */
  at: number;
  payload: Uint8Array;
}

export interface PortRecord {
  id: number;
  arrivedAt: number;
  /** Cycle the kernel took it from the inbox, or -1. */
  takenAt: number;
  /** Cycle of the reply, or -1 while unanswered. */
  repliedAt: number;
  reply: Uint8Array | null;
}

export interface RequestPortDevice {
  /** The oldest arrived request not yet taken, or null. */
  receive(): PortRequest | null;
  /** Requests arrived and not yet taken. */
  pending(): number;
  /** Records the reply to request `id` now; false if the id is unknown, not yet taken, or already answered. */
  reply(id: number, payload: Uint8Array): boolean;
  /** One record per scheduled request, by id. */
  records(): readonly PortRecord[];
  /** Scheduled requests that have not arrived yet. */
  readonly remaining: number;
}

export class RequestPort implements RequestPortDevice {
  private readonly inbox: PortRequest[] = [];
  private readonly log: PortRecord[] = [];
  remaining: number;

  constructor(private readonly bus: DeviceBus, schedule: ScheduledRequest[]) {
    const enc = new TextEncoder();
    const sorted = schedule.map((r, i) => ({ r, i })).sort((a, b) => a.r.at - b.r.at || a.i - b.i);
    this.remaining = sorted.length;
    sorted.forEach(({ r }, id) => {
      if (!(r.at >= 0)) throw new MachineConfigError(`request port: request ${id} has arrival cycle ${r.at}; expected >= 0`);
      const payload = typeof r.payload === 'string' ? enc.encode(r.payload) : r.payload.slice();
      this.log.push({ id, arrivedAt: -1, takenAt: -1, repliedAt: -1, reply: null });
      bus.schedule(r.at, () => {
        this.remaining--;
        this.log[id].arrivedAt = bus.now();
        this.inbox.push({ id, at: bus.now(), payload });
        bus.raise(Irq.RequestPort);
      });
    });
  }

  receive(): PortRequest | null {
    const r = this.inbox.shift();
    if (r === undefined) return null;
    this.log[r.id].takenAt = this.bus.now();
    return r;
  }

  pending(): number {
    return this.inbox.length;
  }

  reply(id: number, payload: Uint8Array): boolean {
    const rec = this.log[id];
    if (rec === undefined || rec.takenAt < 0 || rec.repliedAt >= 0) return false;
    rec.repliedAt = this.bus.now();
    rec.reply = payload.slice();
    return true;
  }

  records(): readonly PortRecord[] {
    return this.log;
  }
}
