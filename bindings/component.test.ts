// Component identity, types, the generic factory, content instantiation and injection, attributes,
// collection interfaces, name controller.
import { Container, inject, injectable } from 'inversify';
import { describe, expect, it } from 'vitest';
import { Fractal } from './fractal.js';
import { IllegalAttributeError, InstantiationError, NoSuchInterfaceError } from './errors.js';
import { Reconfiguration } from './reconfiguration.js';
import { PortCollection } from './ports.js';
import { signatures } from './signatures.js';
import { contents } from './contents.js';
import { attributeToken, clientToken, deviceToken } from './tokens.js';
import { Echo, Relay, bc, itf, lc, model, type Service } from './testing/fixtures.js';

signatures.define('test.Attrs', { attributes: { quantum: 'integer', name: { type: 'string', default: 'rr' }, fast: { type: 'boolean', default: false } } });

@injectable()
class WithAttrs {
  seen: number[] = [];
  constructor(@inject(attributeToken('quantum')) public quantum: number, @inject(attributeToken('name')) public name: string) {}
  run(x: unknown) { return `${this.name}:${this.quantum}:${String(x)}`; }
  setQuantum(q: number) { this.seen.push(q); this.quantum = q; }
}

@injectable()
class Fanout {
  constructor(@inject(clientToken('outs')) readonly outs: PortCollection<Service>) {}
  run(x: unknown) { return [...this.outs].map((p) => p.run(x)); }
}

@injectable()
class UsesDevice {
  constructor(@inject(deviceToken('console')) readonly console: { lines: string[] }) {}
  run(x: unknown) { this.console.lines.push(String(x)); return x; }
}

@injectable()
class MissingRun {
  other() { return 1; }
}

contents.register('test.bindings.Echo', Echo);

describe('component identity and interfaces', () => {
  it('getFcInterface returns interface references with owner, name, type and internal flag', () => {
    const m = model();
    const e = m.primitive('e', ['server s test.Service'], 'test.bindings.Echo');
    const s = itf(e, 's');
    expect(s.getFcItfName()).toBe('s');
    expect(s.getFcItfOwner()).toBe(e);
    expect(s.isFcInternalItf()).toBe(false);
    expect(s.getFcItfType().getFcItfSignature()).toBe('test.Service');
    expect(s.getFcItfType().isFcClientItf()).toBe(false);
    expect(e.getFcInterface('s')).toBe(s); // identity is stable
    expect(e.getFcInterface('component')).toBe(e);
    expect(e.getFcType().getFcInterfaceTypes().map((t) => t.getFcItfName())).toEqual(['s']);
    expect(e.getFcType().getFcInterfaceType('s').isFcOptionalItf()).toBe(false);
    expect(() => e.getFcType().getFcInterfaceType('x')).toThrow(NoSuchInterfaceError);
  });

  it('getFcInterfaces lists control and functional interfaces; an unknown name throws NoSuchInterfaceError', () => {
    const m = model();
    const r = m.primitive('r', ['server s test.Service', 'client out test.Service'], Relay);
    const names = r.getFcInterfaces().map((i) => (i as { getFcItfName(): string }).getFcItfName());
    expect(names.sort()).toEqual(['binding-controller', 'component', 'lifecycle-controller', 'name-controller', 'out', 's', 'super-controller']);
    expect(() => r.getFcInterface('nope')).toThrow(NoSuchInterfaceError);
    expect(() => Fractal.getAttributeController(r)).toThrow(NoSuchInterfaceError);
  });

  it('the name controller gets and sets the name; a component is created STOPPED and announced', () => {
    const m = model({ clock: () => 7 });
    const kinds: string[] = [];
    Fractal.getModelEvents(m.boot).subscribe((ev) => kinds.push(`${ev.kind}:${ev.component}@${ev.time}`));
    const e = m.primitive('e', ['server s test.Service'], Echo);
    expect(Fractal.getNameController(e).getFcName()).toBe('e');
    Fractal.getNameController(e).setFcName('renamed');
    expect(e.getFcName()).toBe('renamed');
    expect(lc(e).getFcState()).toBe('STOPPED');
    expect(kinds).toEqual(['created:e@7']);
  });
});

describe('type factory', () => {
  it('rule: duplicate interface names, names under a collection prefix and reserved names are refused', () => {
    const { tf } = model();
    const s = tf.createFcItfType('s', 'test.Service', false, false, false);
    expect(() => tf.createFcType([s, s])).toThrow(InstantiationError);
    const col = tf.createFcItfType('out', 'test.Service', true, false, true);
    expect(() => tf.createFcType([col, tf.createFcItfType('out1', 'test.Service', true, false, false)])).toThrow(/starts with the name of collection/);
    expect(() => tf.createFcItfType('binding-controller', 'x', false, false, false)).toThrow(/reserved/);
    expect(() => tf.createFcItfType('bad name', 'x', false, false, false)).toThrow(/not valid/);
  });

  it('component sub-typing: more servers and fewer mandatory clients is a sub-type', () => {
    const m = model();
    const base = m.type(['server s test.Service', 'client c test.Service']);
    const richer = m.type(['server s test.SubService', 'server t test.Other', 'client c test.Service']);
    const needsMore = m.type(['server s test.Service', 'client c test.Service', 'client d test.Other']);
    expect(richer.isFcSubTypeOf(base)).toBe(true);
    expect(base.isFcSubTypeOf(richer)).toBe(false);
    expect(needsMore.isFcSubTypeOf(base)).toBe(false);
  });

  it('signatures: reserved method names and redefinition with another shape are refused', () => {
    expect(() => signatures.define('test.Bad', { methods: ['then'] })).toThrow(/reserved/);
    expect(() => signatures.define('test.Service', { methods: ['other'] })).toThrow(/different shape/);
    expect(signatures.define('test.Service', { methods: ['run'] }).methods).toEqual(['run']);
    expect(signatures.methodsOf('test.SubService')).toEqual(['extra', 'run']);
    expect(signatures.isSubtype('test.SubService', 'test.Service')).toBe(true);
    expect(signatures.methodsOf('org.unknown.Sig')).toEqual([]);
  });
});

describe('generic factory and content', () => {
  it('rule: an unregistered content name, a composite with content, a bad controller description → InstantiationError', () => {
    const m = model();
    expect(() => m.primitive('x', ['server s test.Service'], 'no.such.Class')).toThrow(/no content class registered under 'no.such.Class'/);
    expect(() => m.gf.newFcInstance(m.type([]), 'composite', Echo)).toThrow(InstantiationError);
    expect(() => m.gf.newFcInstance(m.type([]), 'weird' as 'primitive', Echo)).toThrow(InstantiationError);
  });

  it('rule: a content class missing a method of a server interface → InstantiationError naming the method', () => {
    const m = model();
    expect(() => m.primitive('x', ['server s test.Service'], MissingRun)).toThrow(
      "content class MissingRun of component 'x' has no method 'run' of server interface 's' (signature test.Service)",
    );
  });

  it('rule: a content class whose injection fails → InstantiationError naming the class', () => {
    const m = model();
    expect(() => m.primitive('x', ['server s test.Service'], UsesDevice)).toThrow(/cannot create content UsesDevice of component 'x'/);
  });

  it('devices come from the parent container the kernel provides', () => {
    const parent = new Container();
    const consoleDevice = { lines: [] as string[] };
    parent.bind(deviceToken('console')).toConstantValue(consoleDevice);
    const m = model({ container: parent });
    const d = m.primitive('d', ['server s test.Service'], UsesDevice);
    lc(d).startFc();
    itf(d, 's').run('hello');
    expect(consoleDevice.lines).toEqual(['hello']);
  });

  it('a primitive with null content exists for structure only: calls fail clearly and it cannot start', () => {
    const m = model();
    const x = m.primitive('x', ['server s org.example.Java'], null);
    expect(x.getFcInterface('s')).toBeDefined();
    expect(() => lc(x).startFc()).toThrow(/has no content/);
  });

  it("reconfiguration 'none' binds calls straight to the content (no counting, no holding)", async () => {
    const m = model();
    const e = m.primitive('e', ['server s test.Service'], Echo, { reconfiguration: 'none' });
    expect(itf(e, 's').run(1)).toBe(1); // even while STOPPED: nothing is held
    lc(e).startFc();
    expect(lc(e).getFcThreadCount()).toBe(0);
    await lc(e).stopFc();
    expect(Reconfiguration.isQuiescenceTracked(e)).toBe(false);
  });
});

describe('attribute controller', () => {
  it('attributes are typed by the attribute signature, injected, defaulted, and set through bean setters', () => {
    const m = model();
    const c = m.primitive('c', ['server s test.Service'], WithAttrs, { attributeSignature: 'test.Attrs', attributes: { quantum: '10' } });
    const ac = Fractal.getAttributeController(c);
    expect(ac.listFcAttributes().sort()).toEqual(['fast', 'name', 'quantum']);
    expect(ac.getFcAttribute('quantum')).toBe(10);
    expect(ac.getFcAttribute('fast')).toBe(false);
    lc(c).startFc();
    expect(itf(c, 's').run('x')).toBe('rr:10:x');
    ac.setFcAttribute('quantum', '20');
    expect(Reconfiguration.getContent<WithAttrs>(c)!.seen).toEqual([20]);
    expect(itf(c, 's').run('y')).toBe('rr:20:y');
  });

  it('rule: a wrong type, an undeclared attribute or a missing value without default → errors', () => {
    const m = model();
    const make = (attributes: Record<string, unknown>) =>
      m.primitive('c', ['server s test.Service'], WithAttrs, { attributeSignature: 'test.Attrs', attributes });
    expect(() => make({ quantum: 'ten' })).toThrow(IllegalAttributeError);
    expect(() => make({ quantum: 1.5 })).toThrow(/expected integer/);
    expect(() => make({})).toThrow(/'quantum' .* has no value and no default/);
    expect(() => make({ quantum: 1, colour: 'red' })).toThrow(/has no attribute 'colour'/);
    const ac = Fractal.getAttributeController(make({ quantum: 1 }));
    expect(() => ac.setFcAttribute('fast', 'maybe')).toThrow(IllegalAttributeError);
  });

  it('an unknown (Java) attribute signature keeps values as given', () => {
    const m = model();
    const c = m.primitive('c', ['server s org.example.Java'], null, { attributeSignature: 'org.example.Attributes', attributes: { port: '8080' } });
    expect(Fractal.getAttributeController(c).getFcAttribute('port')).toBe('8080');
  });
});

describe('collection interfaces', () => {
  it('client collection instances are created on demand by name prefix and injected as a live collection', () => {
    const m = model();
    const f = m.primitive('f', ['server s test.Service', 'client outs test.Service collection'], Fanout);
    const a = m.primitive('a', ['server s test.Service'], Echo);
    const b = m.primitive('b', ['server s test.Service'], Echo);
    expect(bc(f).lookupFc('outs0')).toBeNull();
    bc(f).bindFc('outs0', a.getFcInterface('s'));
    bc(f).bindFc('outs-b', b.getFcInterface('s'));
    expect(bc(f).listFc()).toEqual(['outs0', 'outs-b']);
    expect(f.getFcInterface('outs0').constructor.name).toBe('ItfRef');
    for (const c of [f, a, b]) lc(c).startFc();
    expect(itf(f, 's').run(3)).toEqual([3, 3]);
    expect(() => f.getFcInterface('other0')).toThrow(NoSuchInterfaceError);
  });

  it('server collection instances are created on demand and each serves the content through its own interceptor', () => {
    const m = model();
    const e = m.primitive('e', ['server services test.Service collection'], Echo);
    lc(e).startFc();
    expect(itf(e, 'services-a').run('a')).toBe('a');
    expect(itf(e, 'services-b').run('b')).toBe('b');
    expect(itf(e, 'services-a')).toBe(e.getFcInterface('services-a'));
    expect(Reconfiguration.getContent<Echo>(e)!.calls).toEqual(['a', 'b']);
  });

  it('a composite creates the external and internal instance together', () => {
    const m = model();
    const k = m.composite('k', ['client outs test.Service collection']);
    const ext = k.getFcInterface('outs1');
    const int = Fractal.getContentController(k).getFcInternalInterface('outs1');
    expect(ext).not.toBe(int);
    expect(int.isFcInternalItf()).toBe(true);
    // Julia's listFc shows a collection instance with its binding, not merely because it was created.
    expect(bc(k).listFc()).toEqual([]);
    bc(k).bindFc('outs1', m.primitive('e', ['server s test.Service'], Echo).getFcInterface('s'));
    expect(bc(k).listFc()).toEqual(['outs1']);
  });
});
