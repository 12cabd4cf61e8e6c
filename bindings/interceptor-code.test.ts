// Rule: a sync interceptor's code is compiled once per content method and shared by every gate that
// calls that method (gate.ts), so that a second kernel in a process neither makes its callers' call
// sites megamorphic nor warms its interceptors up again; and a content method of its own gets code of
// its own. The generated source carries its factory's serial number, which is how these tests tell
// factories apart.
import { injectable } from 'inversify';
import { describe, expect, it } from 'vitest';
import { Reconfiguration } from './reconfiguration.js';
import { Echo, itf, lc, model } from './testing/fixtures.js';
import type { Component } from './component.js';

/** Another `run`: a method of its own, so an interceptor of its own. */
@injectable()
class Upper {
  run(x: unknown): unknown {
    return String(x).toUpperCase();
  }
}

/** Same `run` as Echo (inherited): the same method, so the same interceptor code. */
@injectable()
class EchoChild extends Echo {}

const source = (c: Component, name = 's') => String((c.getFcInterface(name) as unknown as { run: () => unknown }).run);

describe('interceptor code', () => {
  it('is shared by gates that call the same content method, across bootstrap components (kernels)', () => {
    const a = model().primitive('a', ['server s test.Service'], Echo);
    const b = model().primitive('b', ['server s test.Service'], Echo);
    const child = model().primitive('c', ['server s test.Service'], EchoChild);
    expect(source(a)).toMatch(/tessera interceptor #\d+ run/);
    expect(source(b)).toBe(source(a));
    expect(source(child)).toBe(source(a));
    expect(a.getFcInterface('s')).not.toBe(b.getFcInterface('s'));
  });

  it('differs for another content method, and follows a content replaced in place', async () => {
    const target = model().primitive('t', ['server s test.Service'], Echo);
    const other = model().primitive('o', ['server s test.Service'], Upper);
    expect(source(other)).not.toBe(source(target));
    lc(target).startFc();
    await lc(target).stopFc();
    Reconfiguration.replaceContent(target, Upper);
    expect(source(target)).toBe(source(other));
    lc(target).startFc();
    expect(itf(target, 's').run('abc')).toBe('ABC');
  });

  it("of reconfiguration 'none' is a direct closure, also shared per content method, that calls its own content", () => {
    const a = model().primitive('a', ['server s test.Service'], Echo, { reconfiguration: 'none' });
    const b = model().primitive('b', ['server s test.Service'], Echo, { reconfiguration: 'none' });
    expect(source(a)).toMatch(/tessera direct #\d+/);
    expect(source(b)).toBe(source(a));
    expect(source(model().primitive('u', ['server s test.Service'], Upper, { reconfiguration: 'none' }))).not.toBe(source(a));
    lc(a).startFc();
    lc(b).startFc();
    expect(itf(a, 's').run('x')).toBe('x');
    expect(Reconfiguration.getContent<Echo>(a)!.calls).toEqual(['x']);
    expect(Reconfiguration.getContent<Echo>(b)!.calls).toEqual([]);
  });

  it('keeps each gate counting its own calls, though the code is shared', async () => {
    const a = model().primitive('a', ['server s test.Service'], Echo);
    const b = model().primitive('b', ['server s test.Service'], Echo);
    lc(a).startFc();
    lc(b).startFc();
    expect(itf(a, 's').run(1)).toBe(1);
    const stopped = lc(b).stopFc();
    await stopped;
    const held = itf(b, 's').run(2);
    expect(held).toBeInstanceOf(Promise);
    expect(itf(a, 's').run(3)).toBe(3);
    expect(lc(a).getFcState()).toBe('STARTED');
    lc(b).startFc();
    expect(await held).toBe(2);
    expect(Reconfiguration.getContent<Echo>(a)!.calls).toEqual([1, 3]);
    expect(Reconfiguration.getContent<Echo>(b)!.calls).toEqual([2]);
  });
});
