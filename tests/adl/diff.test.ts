import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diff, formatActions, loadAdl, type GraphNode } from '../../adl/index.js';
import { HEADER, tree } from './helpers.js';

const ROOT = join(import.meta.dirname, '../..');
const kernel = (f: string) => loadAdl(join(ROOT, 'components', f)).graph;

function graphOf(body: string): GraphNode {
  const dir = tree({ 'G.fractal': HEADER + body });
  return loadAdl(join(dir, 'G.fractal'), { name: 'g' }).graph;
}

const prim = (name: string, cls: string, extra = '') =>
  `<component name="${name}"><interface name="s" role="server" signature="x.S"/><interface name="c" role="client" signature="x.S" contingency="optional"/><content class="${cls}"/>${extra}</component>`;

describe('ADL diff', () => {
  it('identical graphs need no action', () => {
    expect(diff(kernel('Kernel.fractal'), kernel('Kernel.fractal'))).toEqual([]);
  });

  it('a kernel variant is one replace, bindings kept', () => {
    const actions = diff(kernel('Kernel.fractal'), kernel('KernelMlfq.fractal'));
    expect(actions).toHaveLength(1);
    expect(actions[0]).toMatchObject({
      op: 'replace',
      path: 'scheduler',
      from: { content: 'components.scheduler.RoundRobin', definition: 'components.SchedulerType' },
      component: { name: 'scheduler', content: 'components.scheduler.Mlfq' },
    });
    expect(formatActions(diff(kernel('KernelBuddy.fractal'), kernel('KernelWriteBack.fractal')))).toBe(
      'replace allocator: components.allocator.Buddy -> components.allocator.Bitmap\nreplace filesystem: components.filesystem.WriteThrough -> components.filesystem.WriteBack',
    );
  });

  it('orders phases: stop, unbind, remove, replace, add, set-attribute, bind, start', () => {
    const a = graphOf(`<definition name="G">
  ${prim('p', 'x.P')}
  ${prim('q', 'x.Q', '<attributes><attribute name="n" value="1"/></attributes>')}
  ${prim('old', 'x.Old')}
  <binding client="p.c" server="old.s"/>
</definition>`);
    const b = graphOf(`<definition name="G">
  ${prim('p', 'x.P')}
  ${prim('q', 'x.Q2', '<attributes><attribute name="n" value="1"/></attributes>')}
  ${prim('fresh', 'x.Fresh', '<attributes><attribute name="n" value="5"/></attributes>')}
  <binding client="p.c" server="fresh.s"/>
  <binding client="q.c" server="p.s"/>
</definition>`);
    const actions = diff(a, b);
    expect(formatActions(actions).split('\n')).toEqual([
      'stop p',
      'stop old',
      'stop q',
      'unbind /: p.c -> old.s',
      'remove old',
      'replace q: x.Q -> x.Q2',
      'add fresh (primitive x.Fresh)',
      'bind /: p.c -> fresh.s',
      'bind /: q.c -> p.s',
      'start q',
      'start p',
      'start fresh',
    ]);
    expect(actions.find((x) => x.op === 'add')).toMatchObject({ path: 'fresh', component: { attributes: { n: '5' } } });
  });

  it('sets attributes that changed, inside sub-composites, with paths from the root', () => {
    const mk = (v: string) =>
      graphOf(`<definition name="G">
  <component name="box">
    <interface name="s" role="server" signature="x.S"/>
    ${prim('inner', 'x.I', `<attributes><attribute name="n" value="${v}"/></attributes>`)}
    <binding client="this.s" server="inner.s"/>
  </component>
</definition>`);
    expect(diff(mk('1'), mk('2'))).toEqual([{ op: 'set-attribute', path: 'box/inner', name: 'n', from: '1', to: '2' }]);
  });

  it('replaces a composite whose type changed by remove + add; an export rebinding stops the composite', () => {
    const a = graphOf(`<definition name="G"><component name="box"><interface name="s" role="server" signature="x.S"/>${prim('i', 'x.I')}<binding client="this.s" server="i.s"/></component></definition>`);
    const b = graphOf(`<definition name="G"><component name="box"><interface name="t" role="server" signature="x.S"/>${prim('i', 'x.I')}<binding client="this.t" server="i.s"/></component></definition>`);
    expect(formatActions(diff(a, b)).split('\n')).toEqual(['stop box', 'remove box', 'add box (composite)', 'start box']);
    const c = graphOf(`<definition name="G"><component name="box"><interface name="s" role="server" signature="x.S"/>${prim('i', 'x.I')}${prim('j', 'x.J')}<binding client="this.s" server="i.s"/></component></definition>`);
    const d = graphOf(`<definition name="G"><component name="box"><interface name="s" role="server" signature="x.S"/>${prim('i', 'x.I')}${prim('j', 'x.J')}<binding client="this.s" server="j.s"/></component></definition>`);
    expect(formatActions(diff(c, d)).split('\n')).toEqual(['stop box', 'unbind box: this.s -> i.s', 'bind box: this.s -> j.s', 'start box']);
  });

  it('is stable: the same inputs give the same JSON', () => {
    const a = kernel('KernelMlfq.fractal');
    const b = kernel('KernelBuddy.fractal');
    expect(JSON.stringify(diff(a, b))).toBe(JSON.stringify(diff(a, b)));
    expect(diff(a, b).map((x) => x.op)).toEqual(['replace', 'replace']);
  });
});
