// The generic factory: creates primitive and composite components, and builds a primitive's content
// through a per-component inversify container whose parent is the runtime's (devices) container.

import { Container } from 'inversify';
import { AttributeStore } from './attributes.js';
import { Component, type ComponentKind, type ReconfigurationMode } from './component.js';
import { contents, type ContentClass } from './contents.js';
import { AttributeController } from './controllers/attribute.js';
import { BindingController } from './controllers/binding.js';
import { ContentController } from './controllers/content.js';
import { LifeCycleController } from './controllers/lifecycle.js';
import { NameController, SuperController } from './controllers/simple.js';
import { InstantiationError } from './errors.js';
import { ITF } from './itf.js';
import type { ModelRuntime } from './runtime.js';
import { signatures } from './signatures.js';
import { attributeToken, clientToken } from './tokens.js';
import { ATTRIBUTE_CONTROLLER, ComponentType } from './types.js';

/** The optional fourth argument of newFcInstance. */
export interface ControllerOptions {
  /** The component's name (name controller); ADL builders give the `<component name>`. */
  name?: string;
  /** 'thread-counting' (default): interceptors on every server interface. 'none': calls bound straight to the content, no counting, no holding. */
  reconfiguration?: ReconfigurationMode;
  /** The attribute signature (signatures.define(name, { attributes })) that types the attributes. */
  attributeSignature?: string;
  /** Attribute values; strings are converted to the declared types. */
  attributes?: Readonly<Record<string, unknown>>;
  /** Held calls reject with IllegalLifeCycleError after this many ms (default: the runtime's, Infinity). */
  holdTimeoutMs?: number;
  /** Record every sync call as an in-flight call (allocates per call; for diagnosing a stop that never completes). */
  traceCalls?: boolean;
  /** Parent of this component's container, instead of the runtime's. */
  container?: Container;
}

export type ContentDesc = string | ContentClass | null;

export class GenericFactory {
  constructor(private readonly runtime: ModelRuntime) {}

  getFcItfName(): string { return 'generic-factory'; }

  newFcInstance(type: ComponentType, controllerDesc: ComponentKind, contentDesc: ContentDesc, options: ControllerOptions = {}): Component {
    if (!(type instanceof ComponentType)) throw new InstantiationError(`newFcInstance: the type must come from createFcType, got ${String(type)}`);
    if (controllerDesc !== 'primitive' && controllerDesc !== 'composite') {
      throw new InstantiationError(`newFcInstance: controller description '${String(controllerDesc)}' is not 'primitive' or 'composite'`);
    }
    const name = options.name ?? '';
    if (controllerDesc === 'composite' && contentDesc != null) {
      throw new InstantiationError(`newFcInstance: composite '${name}' takes no content (got ${String(contentDesc)}); its content is its sub-components`);
    }
    const cls = controllerDesc === 'primitive' ? resolveContentClass(contentDesc, name) : null;
    const mode = options.reconfiguration ?? 'thread-counting';
    if (mode !== 'thread-counting' && mode !== 'none') throw new InstantiationError(`newFcInstance: reconfiguration '${String(mode)}' is not 'thread-counting' or 'none'`);
    const c = new Component(this.runtime, type, controllerDesc, name, mode, {
      holdTimeoutMs: options.holdTimeoutMs ?? this.runtime.holdTimeoutMs,
      traceCalls: options.traceCalls ?? false,
    });
    c.controllers.set('component', c);
    const hasClients = type.getFcInterfaceTypes().some((t) => t.isFcClientItf());
    if (controllerDesc === 'composite' || hasClients) c.controllers.set('binding-controller', new BindingController(c));
    if (controllerDesc === 'composite') c.controllers.set('content-controller', new ContentController(c));
    c.controllers.set('lifecycle-controller', new LifeCycleController(c));
    c.controllers.set('name-controller', new NameController(c));
    c.controllers.set('super-controller', new SuperController(c));
    const attributeSignature = attributeSignatureOf(type, options, name);
    if (attributeSignature !== undefined || options.attributes !== undefined) {
      const getter = (k: string) => typeof cls?.prototype?.[`get${k.charAt(0).toUpperCase()}${k.slice(1)}`] === 'function';
      c.attributes = new AttributeStore(attributeSignature ?? null, options.attributes ?? {}, () => `component '${c}'`, getter);
      c.controllers.set('attribute-controller', new AttributeController(c));
    }
    const parent = options.container ?? this.runtime.container;
    c.container = new Container(parent ? { parent } : {});
    if (cls) c.setContent(instantiateContent(c, cls), cls);
    this.runtime.emit('created', c);
    return c;
  }
}

/**
 * The attribute signature: the `attributeSignature` option, or the signature of an 'attribute-controller'
 * interface type declared in the component type (Fractal's parametric components); both must agree.
 */
function attributeSignatureOf(type: ComponentType, options: ControllerOptions, where: string): string | undefined {
  const declared = type.getFcInterfaceTypes().find((t) => t.getFcItfName() === ATTRIBUTE_CONTROLLER)?.getFcItfSignature();
  if (declared !== undefined && options.attributeSignature !== undefined && declared !== options.attributeSignature) {
    throw new InstantiationError(
      `newFcInstance '${where}': the type declares attribute-controller '${declared}' but options.attributeSignature is '${options.attributeSignature}'`,
    );
  }
  return options.attributeSignature ?? declared;
}

export function resolveContentClass(desc: ContentDesc | undefined, where: string): ContentClass | null {
  if (desc == null) return null;
  if (typeof desc === 'function') return desc;
  if (typeof desc === 'string') {
    const cls = contents.get(desc);
    if (!cls) {
      throw new InstantiationError(
        `component '${where}': no content class registered under '${desc}' (use @content('${desc}') or contents.register); registered: ${contents.list().join(', ') || '(none)'}`,
      );
    }
    return cls;
  }
  throw new InstantiationError(`component '${where}': content must be a registered name, a class or null, got ${typeof desc}`);
}

/**
 * Creates an instance of `cls` for `c` in a fresh child container: its client ports, client collections
 * and attributes are injectable by token; devices come from the parent container. Then checks that it
 * has every method of every server interface.
 */
export function instantiateContent(c: Component, cls: ContentClass): object {
  const parent = c.container ?? undefined;
  const child = new Container(parent ? { parent } : {});
  for (const itf of c.external.values()) {
    const st = itf[ITF];
    if (st.role === 'client' && !st.type.isFcCollectionItf()) child.bind(clientToken(st.name)).toConstantValue(itf);
  }
  for (const prefix of c.collections.keys()) child.bind(clientToken(prefix)).toConstantValue(c.portCollection(prefix));
  if (c.attributes) for (const k of c.attributes.names()) if (c.attributes.has(k)) child.bind(attributeToken(k)).toConstantValue(c.attributes.get(k));
  let obj: object;
  try {
    // inside the try: inversify may refuse the class while binding it (e.g. a constructor argument without @inject)
    child.bind(cls).toSelf().inSingletonScope();
    obj = child.get(cls) as object;
  } catch (err) {
    throw new InstantiationError(`cannot create content ${contents.nameOf(cls) ?? cls.name} of component '${c}': ${(err as Error).message.split('\n')[0]}`);
  }
  for (const t of c.getFcType().getFcInterfaceTypes()) {
    if (t.isFcClientItf()) continue;
    for (const m of signatures.methodsOf(t.getFcItfSignature())) {
      if (typeof (obj as Record<string, unknown>)[m] !== 'function') {
        throw new InstantiationError(
          `content class ${cls.name} of component '${c}' has no method '${m}' of server interface '${t.getFcItfName()}' (signature ${t.getFcItfSignature()})`,
        );
      }
    }
  }
  return obj;
}
