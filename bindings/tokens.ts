// Injection tokens through which a content class receives what its component gives it.
// Tokens are global symbols (Symbol.for) so that two copies of this module agree on them.

/** The stable port of the client interface `name` of the component being built. */
export function clientToken(name: string): symbol {
  return Symbol.for(`tessera.client:${name}`);
}

/** The value of the attribute `name` of the component being built. */
export function attributeToken(name: string): symbol {
  return Symbol.for(`tessera.attribute:${name}`);
}

/** A device of the machine, provided to the kernel's container by whoever boots it. */
export function deviceToken(name: string): symbol {
  return Symbol.for(`tessera.device:${name}`);
}
