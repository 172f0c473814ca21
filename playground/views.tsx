/** The page's building blocks: hex view, value tree, source view, diagnostics. Hover state lives in the caller. */
import type { SpanNode } from "../src/playground/spans.js";
import { findPath, nodeAt } from "../src/playground/spans.js";

export { findPath };
import { toJsonValue } from "../src/json/json-form.js";
import type { Diagnostic } from "../src/diagnostics/index.js";

const MAX_BYTES_SHOWN = 8192;

export interface Range {
  readonly start: number;
  readonly end: number;
}

/** Bytes in rows of 16; `hl` is highlighted, `err` marks an offending offset; hovering a byte reports it. */
export function HexView(props: { id: string; bytes: Uint8Array; hl: Range | null; err?: number | undefined; onHover?: (i: number | null) => void }) {
  const { bytes, hl, err } = props;
  const shown = Math.min(bytes.length, MAX_BYTES_SHOWN);
  const cells = [];
  // an offset at the end (truncated input) is marked on a cell past the last byte
  const cellsTotal = err !== undefined && err >= shown && err <= MAX_BYTES_SHOWN ? err + 1 : shown;
  for (let i = 0; i < cellsTotal; i++) {
    if (i % 16 === 0) cells.push(<span class="off">{i.toString(16).padStart(4, "0")}</span>);
    const on = hl !== null && i >= hl.start && i < hl.end;
    const cls = `b${on ? " hl" : ""}${err === i ? " err" : ""}`;
    cells.push(
      <span class={cls} data-i={i} title={`offset ${i}`}>
        {i < bytes.length ? bytes[i]!.toString(16).padStart(2, "0") : "··"}
      </span>,
    );
  }
  const over = (e: MouseEvent) => {
    const t = (e.target as HTMLElement).closest("[data-i]");
    props.onHover?.(t ? Number(t.getAttribute("data-i")) : null);
  };
  return (
    <div>
      <div id={props.id} class="hex mono" onMouseOver={over} onMouseLeave={() => props.onHover?.(null)}>
        {cells}
      </div>
      <div class="muted">
        {bytes.length} bytes{bytes.length > shown ? `; the first ${shown} shown` : ""}
      </div>
    </div>
  );
}

/** The decoded value as a tree: each node with its byte span; hovering one reports its path. */
export function TreeView(props: { id: string; root: SpanNode; hlPath: string | null; onHover?: (path: string | null) => void }) {
  const over = (e: MouseEvent) => {
    const t = (e.target as HTMLElement).closest("[data-path]");
    props.onHover?.(t ? t.getAttribute("data-path") : null);
  };
  return (
    <div id={props.id} class="tree mono" onMouseOver={over} onMouseLeave={() => props.onHover?.(null)}>
      <TreeNode node={props.root} hlPath={props.hlPath} />
    </div>
  );
}

function TreeNode(props: { node: SpanNode; hlPath: string | null }) {
  const n = props.node;
  return (
    <div>
      <div class={`node${props.hlPath === n.path ? " hl" : ""}`} data-path={n.path} data-start={n.start} data-end={n.end}>
        <b>{n.label}</b> <span class="span">[{n.start}..{n.end})</span> {n.children.length === 0 ? <span class="val">{preview(n.value)}</span> : null}
      </div>
      {n.children.length > 0 ? (
        <div class="kids">
          {n.children.map((c) => (
            <TreeNode node={c} hlPath={props.hlPath} />
          ))}
        </div>
      ) : null}
    </div>
  );
}

function preview(v: unknown): string {
  const s = JSON.stringify(toJsonValue(v));
  return s === undefined ? "" : s.length > 72 ? `${s.slice(0, 69)}...` : s;
}

export function pathAt(root: SpanNode | null | undefined, offset: number): string | null {
  return root ? (nodeAt(root, offset)?.path ?? null) : null;
}

/**
 * A pasted source with line numbers; `at` highlights one line and marks its
 * column. One text node before and one after the highlighted line, so a
 * whole RFC (6,000 lines) renders as a handful of nodes.
 */
export function SourceView(props: { text: string; at: { line: number; col: number } | null }) {
  const lines = props.text.split(/\r\n|\r|\n/);
  const numbers = lines.map((_, i) => i + 1).join("\n");
  const at = props.at && props.at.line >= 1 && props.at.line <= lines.length ? props.at : null;
  let body;
  if (!at) body = <div class="text">{lines.join("\n")}</div>;
  else {
    const l = lines[at.line - 1]!;
    const col = Math.max(0, Math.min(l.length, at.col - 1));
    body = (
      <>
        {at.line > 1 ? <div class="text">{lines.slice(0, at.line - 1).join("\n")}</div> : null}
        <div class="line hl" data-line={at.line} ref={(el) => el?.scrollIntoView({ block: "nearest" })}>
          {l.slice(0, col)}
          <mark>{l.slice(col, col + 1) || " "}</mark>
          {l.slice(col + 1)}
        </div>
        {at.line < lines.length ? <div class="text">{lines.slice(at.line).join("\n")}</div> : null}
      </>
    );
  }
  return (
    <div id="source-view" class="mono">
      <div class="no">{numbers}</div>
      <div class="code">{body}</div>
    </div>
  );
}

export function Diagnostics(props: { diagnostics: readonly Diagnostic[]; selected: number | null; onPick: (i: number) => void }) {
  if (props.diagnostics.length === 0) return <p class="muted">No diagnostics.</p>;
  return (
    <ul id="diagnostics" class="mono">
      {props.diagnostics.map((d, i) => (
        <li class={props.selected === i ? "on" : ""} data-line={d.loc.line} data-col={d.loc.col} data-code={d.code} data-severity={d.severity} onClick={() => props.onPick(i)}>
          <span class={`sev-${d.severity}`}>{d.severity}</span> {d.loc.line}:{d.loc.col} {d.code}: {d.message}
        </li>
      ))}
    </ul>
  );
}
