/**
 * A number per distinct AST shape (positions and source text left out):
 * equal numbers, equal types. Hash-consing, so a deep argument costs one
 * look-up per node, once; lower-cddl.ts keys generic instances by it.
 */
export class ShapeIds {
  private readonly ids = new WeakMap<object, number>();
  private readonly keys = new Map<string, number>();

  of(node: unknown): string {
    if (node === null || typeof node !== "object") return typeof node === "bigint" ? `${node}n` : (JSON.stringify(node) ?? "u");
    const known = this.ids.get(node);
    if (known !== undefined) return `#${known}`;
    const key = Array.isArray(node)
      ? `[${node.map((n) => this.of(n)).join(",")}]`
      : `{${Object.entries(node)
          .filter(([k]) => k !== "at" && k !== "text")
          .map(([k, v]) => `${k}:${this.of(v)}`)
          .join(",")}}`;
    let id = this.keys.get(key);
    if (id === undefined) this.keys.set(key, (id = this.keys.size));
    this.ids.set(node, id);
    return `#${id}`;
  }
}
