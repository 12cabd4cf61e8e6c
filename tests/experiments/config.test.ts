import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { ROOT } from '../../boot/system.js';
import { ConfigError, loadConfigFile, parseConfig, toCycles } from '../../experiments/config.js';
import { loadGrid } from '../../experiments/sweep.js';
import { stringify } from 'yaml';
import { tinyConfig } from './helpers.js';

describe('experiment config', () => {
  it('converts times with units to cycles at the clock rate', () => {
    expect(toCycles('2s', 100e6)).toBe(200_000_000);
    expect(toCycles('150ms', 100e6)).toBe(15_000_000);
    expect(toCycles('500us', 100e6)).toBe(50_000);
    expect(toCycles('1234cycles', 100e6)).toBe(1234);
    expect(toCycles(0.5, 10e6)).toBe(5_000_000);
  });

  it('fills defaults and sorts events, expanding periodic swaps', () => {
    expect(parseConfig(tinyConfig({ kernel: { adl: 'components/KernelMlfq.fractal' } })).kernel.adl).toBe(join(ROOT, 'components', 'KernelMlfq.fractal'));
    const c = parseConfig(tinyConfig({
      events: [{ at: '200ms', kind: 'reboot', rebootCycles: '10ms' }, { at: '100ms', kind: 'swap', path: 'scheduler', impl: 'mlfq' }],
      periodic: { every: '50ms', path: 'allocator', impls: ['buddy', 'bitmap'], from: '60ms', until: '170ms' },
    }));
    expect(c.kernel.hz).toBe(100_000_000);
    expect(c.load.start).toBe(2_000_000);
    expect(c.events.map((e) => [e.at, e.kind])).toEqual([[6_000_000, 'swap'], [10_000_000, 'swap'], [11_000_000, 'swap'], [16_000_000, 'swap'], [20_000_000, 'reboot']]);
    const periodic = c.events.filter((e) => e.kind === 'swap' && e.periodic);
    expect(periodic.map((e) => (e.kind === 'swap' ? e.impl : ''))).toEqual(['buddy', 'bitmap', 'buddy']);
    const reboot = c.events[4];
    expect(reboot.kind === 'reboot' && reboot.mode).toBe('refuse');
  });

  it('refuses unknown implementations, events outside the load and unknown keys, naming where', () => {
    expect(() => parseConfig(tinyConfig({ events: [{ at: '100ms', kind: 'swap', path: 'scheduler', impl: 'nope' }] }), 'x.json'))
      .toThrow(/x\.json: event 0: no implementation 'nope' for component 'scheduler'/);
    expect(() => parseConfig(tinyConfig({ events: [{ at: '10ms', kind: 'swap', path: 'scheduler', impl: 'mlfq' }] })))
      .toThrow(/event 0 \(swap\) at cycle 1000000 of the load: expected within \[warmup 4000000/);
    expect(() => parseConfig({ ...tinyConfig(), bogus: 1 })).toThrow(ConfigError);
    expect(() => parseConfig(tinyConfig(), 'x.json', '.', Number.NaN)).toThrow(/x\.json: seed NaN: expected an integer/);
    expect(() => parseConfig(tinyConfig({ load: { rate: -1, work: 10, duration: '1s' } }))).toThrow(/load\.rate/);
    expect(() => parseConfig(tinyConfig({ load: { rate: 1, work: 10, duration: '1 fortnight' } }))).toThrow(/load\.duration/);
  });

  it('reads JSON files and reports bad JSON at its line and column', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tessera-cfg-'));
    writeFileSync(join(dir, 'a.json'), JSON.stringify(tinyConfig()));
    expect(loadConfigFile(join(dir, 'a.json'), 99).seed).toBe(99);
    writeFileSync(join(dir, 'c.json'), '{\n  "name": "x",\n  nope\n}');
    expect(() => loadConfigFile(join(dir, 'c.json'))).toThrow(/c\.json:3:3: not valid JSON/);
  });

  it('reads YAML files with the same keys, giving the same config as JSON', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tessera-cfg-'));
    writeFileSync(join(dir, 'a.json'), JSON.stringify(tinyConfig()));
    writeFileSync(join(dir, 'a.yaml'), stringify(tinyConfig()));
    const fromYaml = loadConfigFile(join(dir, 'a.yaml'));
    expect(fromYaml).toEqual(loadConfigFile(join(dir, 'a.json')));
    const shipped = join(ROOT, 'experiments', 'configs');
    const yaml = loadConfigFile(join(shipped, 'scheduler-swap-commented.yaml'));
    const json = loadConfigFile(join(shipped, 'scheduler-swap.json'));
    expect({ ...yaml, name: json.name, description: json.description }).toEqual(json);
  });

  it('names file:line:col of the offending key in YAML and JSON errors', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tessera-cfg-'));
    const base = stringify(tinyConfig());
    writeFileSync(join(dir, 'bad-rate.yaml'), base.replace(/rate: \d+/, 'rate: -5'));
    const rateLine = base.split('\n').findIndex((l) => /^\s*rate:/.test(l)) + 1;
    expect(() => loadConfigFile(join(dir, 'bad-rate.yaml'))).toThrow(new RegExp(`bad-rate\\.yaml:${rateLine}:\\d+: load\\.rate: `));
    writeFileSync(join(dir, 'unknown.yaml'), `${base}bogus: 1\n`);
    const lines = base.split('\n').length;
    expect(() => loadConfigFile(join(dir, 'unknown.yaml'))).toThrow(new RegExp(`unknown\\.yaml:${lines}:1: \\(top level\\): .*bogus`));
    writeFileSync(join(dir, 'syntax.yaml'), 'name: x\nload: [1, 2\n');
    expect(() => loadConfigFile(join(dir, 'syntax.yaml'))).toThrow(/syntax\.yaml:\d+:\d+: not valid YAML/);
    writeFileSync(join(dir, 'dup.yaml'), 'name: x\nname: y\n');
    expect(() => loadConfigFile(join(dir, 'dup.yaml'))).toThrow(/dup\.yaml:2:1: not valid YAML: .*unique/i);
    writeFileSync(join(dir, 'event.json'), JSON.stringify(tinyConfig({ events: [{ at: '100ms', kind: 'swap', path: 'scheduler', impl: 'nope' }] }), null, 2));
    expect(() => loadConfigFile(join(dir, 'event.json'))).toThrow(/event\.json:\d+:\d+: event 0: no implementation 'nope'/);
  });

  it('every shipped config and grid is valid', () => {
    const dir = join(ROOT, 'experiments', 'configs');
    const files = readdirSync(dir).filter((f) => /\.(json|ya?ml)$/.test(f));
    expect(files).toEqual(expect.arrayContaining(['demo.json', 'scheduler-swap.json', 'allocator-swap.json', 'filesystem-swap.json', 'periodic-swaps.json', 'reboot-baseline.json']));
    for (const f of files) {
      if (f.startsWith('grid-')) expect(loadGrid(join(dir, f)).jobs.length).toBeGreaterThan(1);
      else expect(loadConfigFile(join(dir, f)).load.rate).toBeGreaterThan(0);
    }
    const periodic = loadConfigFile(join(dir, 'periodic-swaps.json'));
    expect(periodic.events.length).toBe(39);
  });
});
