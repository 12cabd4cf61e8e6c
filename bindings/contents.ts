// The registry of content classes: dotted names (`components.scheduler.RoundRobin`) to constructors,
// so that ADL files and scripts can name an implementation.

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ContentClass = new (...args: any[]) => object;

class ContentRegistry {
  private readonly byName = new Map<string, ContentClass>();
  private readonly names = new WeakMap<ContentClass, string>();

  register(name: string, cls: ContentClass): void {
    const existing = this.byName.get(name);
    if (existing && existing !== cls) {
      throw new Error(`content class name '${name}' is already registered to ${existing.name}`);
    }
    this.byName.set(name, cls);
    this.names.set(cls, name);
  }

  get(name: string): ContentClass | undefined {
    return this.byName.get(name);
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  nameOf(cls: ContentClass): string | undefined {
    return this.names.get(cls);
  }

  list(): string[] {
    return [...this.byName.keys()].sort();
  }
}

export const contents = new ContentRegistry();

/** Class decorator: registers the class under a dotted content name. */
export function content(name: string) {
  return <T extends ContentClass>(cls: T): T => {
    contents.register(name, cls);
    return cls;
  };
}
