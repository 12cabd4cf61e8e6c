// Public API of the Fractal component model runtime. Everything else in bindings/ is internal.
export { clientToken, attributeToken, deviceToken } from './tokens.js';
export { contents, content, type ContentClass } from './contents.js';
export { Fractal, BootstrapComponent } from './fractal.js';
export {
  FractalError, NoSuchInterfaceError, IllegalBindingError, IllegalLifeCycleError, IllegalContentError,
  InstantiationError, IllegalAttributeError, UnboundInterfaceError,
} from './errors.js';
export { signatures, SignatureRegistry, type SignatureSpec, type Signature, type AttributeKind, type AttributeSpec } from './signatures.js';
export { TypeFactory, ComponentType, InterfaceType } from './types.js';
export { GenericFactory, type ControllerOptions, type ContentDesc } from './factory.js';
export { Component, isComponent, type ComponentKind, type ReconfigurationMode } from './component.js';
export type { Interface, Port } from './itf.js';
export { PortCollection } from './ports.js';
export type { BindingController } from './controllers/binding.js';
export type { ContentController } from './controllers/content.js';
export type { LifeCycleController, LifeCycleState } from './controllers/lifecycle.js';
export type { NameController, SuperController } from './controllers/simple.js';
export type { AttributeController } from './controllers/attribute.js';
export type { InFlightCall } from './gate.js';
export { ModelRuntime, type ModelEvent, type ModelEventKind, type RuntimeOptions } from './runtime.js';
export { threads, type ThreadId } from './threads.js';
export { Reconfiguration, type BindingInfo } from './reconfiguration.js';
