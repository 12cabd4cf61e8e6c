// The layering of DESIGN.md ("Data flows one way"), checked on every import of every source file:
// machine/ and bindings/ import nothing of the project, adl/ only bindings/, components/ only bindings/
// and the machine's device and loader modules, reconfig/ only bindings/ and adl/. boot/ assembles a
// system from all of them and is used only by the layers on top (cli/, experiments/, bench/, tests).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const LAYERS = ['machine', 'bindings', 'adl', 'components', 'reconfig', 'boot', 'workloads', 'cli', 'experiments', 'bench'] as const;

/** Project folders each layer may import from (besides itself). */
const ALLOWED: Record<string, readonly string[]> = {
  machine: [],
  bindings: [],
  adl: ['bindings'],
  components: ['bindings', 'machine'],
  reconfig: ['bindings', 'adl'],
  workloads: [],
  boot: ['machine', 'bindings', 'adl', 'components', 'reconfig', 'workloads'],
  cli: LAYERS,
  experiments: LAYERS,
  bench: LAYERS,
};

/** The machine modules the kernel may see: device interfaces, memory and address spaces, the ELF loader, trap causes. */
const MACHINE_FOR_COMPONENTS = /^machine\/(devices\/|address-space|physical-memory|layout|elf|loader|errors|trap|hart|frame-source)/;

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...sources(p));
    else if (p.endsWith('.ts') && !p.endsWith('.test.ts') && !p.includes(`${join('bindings', 'testing')}`)) out.push(p);
  }
  return out;
}

function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|(?:^|\n)\s*import\s+['"]([^'"]+)['"]/g)) {
    const spec = m[1] ?? m[2] ?? m[3];
    if (spec?.startsWith('.')) out.push(relative(ROOT, resolve(dirname(file), spec)).replace(/\\/g, '/'));
  }
  return out;
}

describe('layering: each folder imports only what DESIGN.md allows', () => {
  for (const layer of LAYERS) {
    it(`${layer}/ imports only ${ALLOWED[layer].length === LAYERS.length ? 'anything' : `[${ALLOWED[layer].join(', ') || 'nothing of the project'}]`}`, () => {
      let dir: string;
      try {
        dir = join(ROOT, layer);
        statSync(dir);
      } catch {
        return expect(layer).toMatch(/experiments|reconfig/); // folders that may not exist yet
      }
      const violations: string[] = [];
      const files = sources(dir);
      expect(files.length).toBeGreaterThan(0);
      for (const file of files) {
        for (const target of imports(file)) {
          const top = target.split('/')[0];
          if (top === layer || !LAYERS.includes(top as (typeof LAYERS)[number])) continue;
          const ok = ALLOWED[layer].includes(top) && (layer !== 'components' || top !== 'machine' || MACHINE_FOR_COMPONENTS.test(target));
          if (!ok) violations.push(`${relative(ROOT, file)} imports ${target}`);
        }
      }
      expect(violations).toEqual([]);
    });
  }
});

describe('the import scanner', () => {
  it('sees static, re-export, side-effect and dynamic imports', () => {
    expect(imports(join(ROOT, 'boot', 'system.ts'))).toEqual(expect.arrayContaining(['adl/index.js', 'components/index.js', 'boot/platform.js']));
    expect(imports(join(ROOT, 'components', 'index.ts'))).toEqual(expect.arrayContaining(['components/signatures.js', 'components/scheduler/index.js']));
    expect(imports(join(ROOT, 'cli', 'main.ts'))).toEqual(expect.arrayContaining(['cli/commands/exec.js']));
  });
});
