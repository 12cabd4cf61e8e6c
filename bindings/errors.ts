// The errors of the Fractal API. Each names the component, the interface and the reason, so that a
// user-facing command can print the message alone.

export class FractalError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** An interface (functional or control) that the component does not have. */
export class NoSuchInterfaceError extends FractalError {}

/** A binding the rules refuse: wrong role, type, contingency, already bound, not local. */
export class IllegalBindingError extends FractalError {}

/** An operation the component's life-cycle state forbids (bind while STARTED, start with an unbound mandatory client, held call timeout). */
export class IllegalLifeCycleError extends FractalError {}

/** A content change the rules refuse: duplicate member, cycle, removing a bound or non-member sub-component. */
export class IllegalContentError extends FractalError {}

/** A component, type or content that cannot be created as described. */
export class InstantiationError extends FractalError {}

/** An attribute that is not declared, or a value of the wrong type. */
export class IllegalAttributeError extends FractalError {}

/** A call through a client interface (a port) that is bound to nothing. */
export class UnboundInterfaceError extends FractalError {}
