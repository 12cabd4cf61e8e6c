// Builder: ADL → live components through the bindings runtime; atomic on failure.
import 'reflect-metadata';
import { inject, injectable } from 'inversify';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { attributeToken, clientToken, content, Fractal, signatures, type Component, type ModelEvent, type Port } from '../../bindings/index.js';
import { AdlError, build, checkAdl, loadAdl } from '../../adl/index.js';
import { HEADER, tree } from './helpers.js';

interface Log { write(line: string): void }
interface Greeter { greet(name: string): string }

signatures.define('t.adl.Log', { methods: ['write'] });
signatures.define('t.adl.Greeter', { methods: ['greet'] });
signatures.define('t.adl.Other', { methods: ['other'] });
signatures.define('t.adl.GreeterAttributes', { attributes: { prefix: { type: 'string', default: '' }, times: { type: 'integer', default: 1 } } });

const logs: string[][] = [];

@content('t.adl.MemoryLog')
@injectable()
class MemoryLog implements Log {
  readonly lines: string[] = [];
  constructor() {
    logs.push(this.lines);
  }
  write(line: string): void {
    this.lines.push(line);
  }
}

@content('t.adl.Greeter')
@injectable()
class GreeterImpl implements Greeter {
  constructor(
    @inject(clientToken('log')) private readonly log: Port<Log>,
    @inject(attributeToken('prefix')) private readonly prefix: string,
    @inject(attributeToken('times')) private readonly times: number,
  ) {}
  greet(name: string): string {
    for (let i = 0; i < this.times; i++) this.log.write(`${this.prefix}${name}`);
    return `${this.prefix}${name}`;
  }
}
void MemoryLog;
void GreeterImpl;

const greeter = (attrs = '<attribute name="prefix" value="hi "/><attribute name="times" value="2"/>') => `
  <component name="g">
    <interface name="greeter" role="server" signature="t.adl.Greeter"/>
    <interface name="log" role="client" signature="t.adl.Log"/>
    <content class="t.adl.Greeter"/>
    <attributes signature="t.adl.GreeterAttributes">${attrs}</attributes>
  </component>`;
const memlog = '<component name="log"><interface name="log" role="server" signature="t.adl.Log"/><content class="t.adl.MemoryLog"/></component>';

function model(body: string) {
  const dir = tree({ 'App.fractal': HEADER + body + '\n' });
  return loadAdl(join(dir, 'App.fractal'), { name: 'app' });
}

function recordEvents() {
  const boot = Fractal.createBootstrapComponent();
  const events: ModelEvent[] = [];
  boot.runtime.events$.subscribe((e) => events.push(e));
  return { boot, events, count: (k: string) => events.filter((e) => e.kind === k).length };
}

describe('ADL builder', () => {
  it('creates, contains, sets attributes, binds and starts; calls flow through the export', async () => {
    const m = model(`<definition name="App">
  <interface name="greeter" role="server" signature="t.adl.Greeter"/>${greeter()}
  ${memlog}
  <binding client="this.greeter" server="g.greeter"/>
  <binding client="g.log" server="log.log"/>
</definition>`);
    const before = logs.length;
    const built = await build(m, { boot: Fractal.createBootstrapComponent() });
    expect(Fractal.getLifeCycleController(built.root).getFcState()).toBe('STARTED');
    expect([...built.components.keys()]).toEqual(['', 'g', 'log']);
    expect(Fractal.getNameController(built.get('g')).getFcName()).toBe('g');
    expect(Fractal.getContentController(built.root).getFcSubComponents()).toEqual([built.get('g'), built.get('log')]);
    expect(Fractal.getAttributeController(built.get('g')).getFcAttribute('times')).toBe(2);
    expect((built.root.getFcInterface('greeter') as unknown as Greeter).greet('bob')).toBe('hi bob');
    expect(logs.length).toBe(before + 1);
    expect(logs[logs.length - 1]).toEqual(['hi bob', 'hi bob']);
    expect(() => built.get('nope')).toThrow(/no component 'nope' in 'App': expected one of '', 'g', 'log'/);
  });

  it('binds the root imports given by the caller, and can leave everything stopped', async () => {
    const m = model(`<definition name="App">
  <interface name="greeter" role="server" signature="t.adl.Greeter"/>
  <interface name="log" role="client" signature="t.adl.Log"/>${greeter()}
  <binding client="this.greeter" server="g.greeter"/>
  <binding client="g.log" server="this.log"/>
</definition>`);
    const boot = Fractal.createBootstrapComponent();
    const tf = Fractal.getTypeFactory(boot);
    const device = Fractal.getGenericFactory(boot).newFcInstance(tf.createFcType([tf.createFcItfType('log', 't.adl.Log', false, false, false)]), 'primitive', 't.adl.MemoryLog', { name: 'console' });
    Fractal.getLifeCycleController(device).startFc();
    const built = await build(m, { boot, imports: { log: device.getFcInterface('log') }, start: false });
    expect(Fractal.getLifeCycleController(built.root).getFcState()).toBe('STOPPED');
    Fractal.getLifeCycleController(built.root).startFc();
    expect((built.root.getFcInterface('greeter') as unknown as Greeter).greet('x')).toBe('hi x');
    expect(logs[logs.length - 1]).toEqual(['hi x', 'hi x']);
  });

  it('adds a shared component to both composites as one instance', async () => {
    const m = model(`<definition name="App">
  <component name="a">${memlog}</component>
  <component name="b">
    ${greeter()}
    <component name="log" definition="./a/log"/>
    <binding client="g.log" server="log.log"/>
  </component>
</definition>`);
    const built = await build(m, { boot: Fractal.createBootstrapComponent() });
    const shared: Component = built.get('a/log');
    expect(built.get('b/log')).toBe(shared);
    expect(Fractal.getContentController(built.get('b')).getFcSubComponents()).toContain(shared);
    expect(Fractal.getSuperController(shared).getFcSuperComponents()).toEqual([built.get('a'), built.get('b')]);
  });

  it('reports a missing content class at its ADL position and creates nothing', async () => {
    const m = model(`<definition name="App">
  <component name="x"><interface name="log" role="server" signature="t.adl.Log"/><content class="t.adl.Nowhere"/></component>
  <component name="y"><interface name="log" role="server" signature="t.adl.Log"/><content class="t.adl.Nowhere2"/></component>
</definition>`);
    const rec = recordEvents();
    const err = await build(m, { boot: rec.boot }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(AdlError);
    const ds = (err as AdlError).diagnostics;
    expect(ds.map((d) => [d.kind, d.pos.line, d.pos.column])).toEqual([
      ['build', 4, 98],
      ['build', 5, 98],
    ]);
    expect(ds[0]!.message).toMatch(/^cannot create primitive 'x' \(content t\.adl\.Nowhere\): .*no content class registered under 't\.adl\.Nowhere'/);
    expect(rec.count('bound')).toBe(0);
  });

  it('is atomic: a start that fails undoes every binding and containment', async () => {
    const m = model(`<definition name="App">
  <interface name="greeter" role="server" signature="t.adl.Greeter"/>
  <interface name="log" role="client" signature="t.adl.Log"/>${greeter()}
  ${memlog}
  <binding client="this.greeter" server="g.greeter"/>
  <binding client="g.log" server="this.log"/>
</definition>`);
    const rec = recordEvents();
    const err = (await build(m, { boot: rec.boot }).catch((e: unknown) => e)) as AdlError;
    expect(err).toBeInstanceOf(AdlError);
    expect(err.diagnostics[0]!.message).toMatch(/^cannot start 'app': .*'log' is not bound/);
    expect(err.diagnostics[0]!.pos.line).toBe(3);
    expect(rec.count('bound')).toBe(2);
    expect(rec.count('unbound')).toBe(2);
    expect(rec.count('started')).toBe(0);
    const created = rec.events.filter((e) => e.kind === 'created').map((e) => e.source as Component);
    expect(created.map((c) => Fractal.getNameController(c).getFcName())).toEqual(['app', 'g', 'log']);
    const root = created[0]!;
    expect(Fractal.getContentController(root).getFcSubComponents()).toEqual([]);
    for (const c of created) expect(Fractal.getSuperController(c).getFcSuperComponents()).toEqual([]);
  });

  it('checks signatures through the bindings registry before building', () => {
    const dir = tree({
      'App.fractal': HEADER + `<definition name="App">${greeter()}
  <component name="o"><interface name="log" role="server" signature="t.adl.Other"/><content class="t.adl.MemoryLog"/></component>
  <binding client="g.log" server="o.log"/>
</definition>\n`,
    });
    expect(checkAdl(join(dir, 'App.fractal')).map((d) => d.message)).toEqual([
      "binding g.log → o.log: server signature 't.adl.Other' is not 't.adl.Log' nor a sub-signature of it: expected a server of signature 't.adl.Log'",
    ]);
  });

  it('builds one sub-component of a definition (what a diff action names), shared references inside it', async () => {
    const m = model(`<definition name="App">
  <component name="box">
    <interface name="greeter" role="server" signature="t.adl.Greeter"/>
    <component name="inner">${memlog}</component>${greeter()}
    <component name="log" definition="./box/inner/log"/>
    <binding client="this.greeter" server="g.greeter"/>
    <binding client="g.log" server="log.log"/>
  </component>
  <component name="other"><component name="l2" definition="./box/inner/log"/></component>
</definition>`);
    const built = await build(m, { boot: Fractal.createBootstrapComponent(), at: 'box' });
    expect(built.definition).toBe('App/box');
    expect(Fractal.getNameController(built.root).getFcName()).toBe('box');
    expect(built.get('log')).toBe(built.get('inner/log'));
    expect((built.root.getFcInterface('greeter') as unknown as Greeter).greet('sub')).toBe('hi sub');
    const err = (await build(m, { boot: Fractal.createBootstrapComponent(), at: 'other' }).catch((e: unknown) => e)) as AdlError;
    expect(err.diagnostics.map((d) => d.message)).toEqual([
      "cannot build shared component 'l2' (./box/inner/log): it designates a component outside the one being built",
    ]);
    await expect(build(m, { at: 'nope' })).rejects.toThrow(/no component 'nope' in 'App': 'app' has no sub-component 'nope'/);
  });
});
