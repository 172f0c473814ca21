/**
 * What a generated module may not touch: the own properties of globalThis
 * and of the built-in prototypes (snapshots of names and descriptors,
 * compared before and after), and names it may not read (canary accessors
 * planted on globalThis or Object.prototype that record every call).
 */

/** Objects whose own properties must be the same after a module ran. */
const WATCHED: ReadonlyArray<readonly [string, object]> = [
  ["globalThis", globalThis],
  ["Object.prototype", Object.prototype],
  ["Array.prototype", Array.prototype],
  ["Function.prototype", Function.prototype],
  ["Map.prototype", Map.prototype],
  ["Uint8Array.prototype", Uint8Array.prototype],
  ["String.prototype", String.prototype],
];

type Snapshot = Map<string, Map<PropertyKey, PropertyDescriptor>>;

export function snapshotGlobals(): Snapshot {
  const out: Snapshot = new Map();
  for (const [name, o] of WATCHED) {
    const props = new Map<PropertyKey, PropertyDescriptor>();
    for (const k of Reflect.ownKeys(o)) props.set(k, Object.getOwnPropertyDescriptor(o, k)!);
    out.set(name, props);
  }
  return out;
}

/** Every difference between two snapshots, described (empty: none). */
export function compareSnapshots(before: Snapshot, after: Snapshot): string[] {
  const out: string[] = [];
  for (const [name, was] of before) {
    const now = after.get(name)!;
    for (const [k, d] of now) {
      const old = was.get(k);
      if (!old) out.push(`${name}: new property ${show(k)}`);
      else if (!sameDescriptor(old, d)) out.push(`${name}: property ${show(k)} changed`);
    }
    for (const k of was.keys()) if (!now.has(k)) out.push(`${name}: property ${show(k)} removed`);
  }
  return out;
}

/** Put the watched objects back as `before` had them (after a finding, so that it does not spill into the next draft). */
export function restoreGlobals(before: Snapshot): void {
  for (const [name, o] of WATCHED) {
    const was = before.get(name)!;
    for (const k of Reflect.ownKeys(o)) if (!was.has(k)) Reflect.deleteProperty(o, k);
    for (const [k, d] of was) {
      const now = Object.getOwnPropertyDescriptor(o, k);
      if (!now || !sameDescriptor(now, d)) Reflect.defineProperty(o, k, d);
    }
  }
}

function sameDescriptor(a: PropertyDescriptor, b: PropertyDescriptor): boolean {
  return (
    Object.is(a.value, b.value) &&
    a.get === b.get &&
    a.set === b.set &&
    a.writable === b.writable &&
    a.enumerable === b.enumerable &&
    a.configurable === b.configurable
  );
}

const show = (k: PropertyKey): string => (typeof k !== "string" ? String(k) : JSON.stringify(k.length > 60 ? `${k.slice(0, 60)}...` : k));

/** Accessors that record who read or wrote them; `remove` takes them away again. */
export class Canaries {
  readonly hits: string[] = [];
  private readonly planted: Array<[object, string]> = [];

  /**
   * Plant on `target` every name it does not have already. Array indices
   * are left out: an accessor "1" on Object.prototype would take every
   * write to a missing element of any array (this class's own list too).
   */
  plant(target: object, where: string, names: Iterable<string>): void {
    for (const name of new Set(names)) {
      if (Object.prototype.hasOwnProperty.call(target, name) || /^(?:0|[1-9][0-9]*)$/.test(name)) continue;
      // recorded first, so that remove() takes it away whatever happens next
      this.planted.push([target, name]);
      const hits = this.hits;
      const record = (how: string) => hits.push(`${how} ${where}.${show(name)}\n${new Error().stack?.split("\n").slice(2, 6).join("\n") ?? ""}`);
      Object.defineProperty(target, name, {
        get() {
          record("read");
          return undefined;
        },
        set() {
          record("write");
        },
        configurable: true,
        enumerable: false,
      });
    }
  }

  remove(): void {
    for (const [target, name] of this.planted.splice(0)) delete (target as Record<string, unknown>)[name];
  }
}
