// The Fractal entry points, in Fractal's names: the bootstrap component and the typed accessors for
// its factories and for a component's controllers (throwing NoSuchInterfaceError when absent).

import type { Observable } from 'rxjs';
import type { Component } from './component.js';
import type { AttributeController } from './controllers/attribute.js';
import type { BindingController } from './controllers/binding.js';
import type { ContentController } from './controllers/content.js';
import type { LifeCycleController } from './controllers/lifecycle.js';
import type { NameController, SuperController } from './controllers/simple.js';
import { NoSuchInterfaceError } from './errors.js';
import { GenericFactory } from './factory.js';
import { ModelRuntime, type ModelEvent, type RuntimeOptions } from './runtime.js';
import { TypeFactory } from './types.js';

/** The bootstrap component: gives the type factory and the generic factory of one model runtime. */
export class BootstrapComponent {
  private readonly itfs: Map<string, object>;

  constructor(readonly runtime: ModelRuntime) {
    this.itfs = new Map<string, object>([
      ['component', this],
      ['type-factory', new TypeFactory()],
      ['generic-factory', new GenericFactory(runtime)],
    ]);
  }

  getFcInterface(name: string): object {
    const itf = this.itfs.get(name);
    if (!itf) throw new NoSuchInterfaceError(`the bootstrap component has no interface '${name}'; it has: ${[...this.itfs.keys()].join(', ')}`);
    return itf;
  }

  getFcInterfaces(): object[] {
    return [...this.itfs.values()];
  }

  getFcName(): string {
    return 'bootstrap';
  }
}

interface HasInterfaces {
  getFcInterface(name: string): object;
}

let defaultBoot: BootstrapComponent | undefined;

function controller<T>(c: HasInterfaces, name: string): T {
  if (!c || typeof c.getFcInterface !== 'function') throw new NoSuchInterfaceError(`not a component: cannot get its '${name}'`);
  return c.getFcInterface(name) as T;
}

export const Fractal = {
  /** The process-wide bootstrap component (performance.now() clock, no device container). */
  getBootstrapComponent(): BootstrapComponent {
    return (defaultBoot ??= new BootstrapComponent(new ModelRuntime()));
  },

  /** A separate bootstrap with its own clock, event stream and device container (one per kernel). */
  createBootstrapComponent(options: RuntimeOptions = {}): BootstrapComponent {
    return new BootstrapComponent(new ModelRuntime(options));
  },

  getTypeFactory(boot: HasInterfaces): TypeFactory {
    return controller<TypeFactory>(boot, 'type-factory');
  },
  getGenericFactory(boot: HasInterfaces): GenericFactory {
    return controller<GenericFactory>(boot, 'generic-factory');
  },
  getBindingController(c: HasInterfaces): BindingController {
    return controller<BindingController>(c, 'binding-controller');
  },
  getContentController(c: HasInterfaces): ContentController {
    return controller<ContentController>(c, 'content-controller');
  },
  getLifeCycleController(c: HasInterfaces): LifeCycleController {
    return controller<LifeCycleController>(c, 'lifecycle-controller');
  },
  getNameController(c: HasInterfaces): NameController {
    return controller<NameController>(c, 'name-controller');
  },
  getSuperController(c: HasInterfaces): SuperController {
    return controller<SuperController>(c, 'super-controller');
  },
  getAttributeController(c: HasInterfaces): AttributeController {
    return controller<AttributeController>(c, 'attribute-controller');
  },

  /** The runtime a bootstrap or component belongs to: its clock (setClock), device container, event stream. */
  getRuntime(x: BootstrapComponent | Component): ModelRuntime {
    return x.runtime;
  },
  /** Model events (created, bound, unbound, started, stopped, call-held, call-released, ...) with timestamps. */
  getModelEvents(x: BootstrapComponent | Component): Observable<ModelEvent> {
    return x.runtime.events$;
  },
};
