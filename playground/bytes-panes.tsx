/** Bytes in, a tree with spans out; the other format beside it; the value as JSON, editable. */
import { useMemo, useState } from "preact/hooks";
import type { DecodeResult, Encodings, Failure, Format, SpanNode } from "../src/playground/session.js";
import { INPUT_KINDS, type InputKind } from "../src/playground/read-input.js";
import { toHex } from "../src/runtime/index.js";
import { describeFailure, type BytesOutcome } from "./model.js";
import { findPath, HexView, pathAt, TreeView } from "./views.js";

const NAME: Record<Format, string> = { tpl: "TPL", cbor: "CBOR" };
const other = (f: Format): Format => (f === "tpl" ? "cbor" : "tpl");

/** One encoding: its hex and its tree, hovering either highlights the other. */
function EncodingView(props: { id: string; bytes: Uint8Array; spans: SpanNode | null | undefined; err?: number | undefined }) {
  const [hover, setHover] = useState<string | null>(null);
  const node = hover ? findPath(props.spans, hover) : null;
  return (
    <div class="encoding" id={props.id}>
      <HexView id={`hex-${props.id}`} bytes={props.bytes} hl={node ? { start: node.start, end: node.end } : null} err={props.err} onHover={(i) => setHover(i === null ? null : pathAt(props.spans, i))} />
      {props.spans ? (
        <TreeView id={`tree-${props.id}`} root={props.spans} hlPath={hover} onHover={setHover} />
      ) : props.spans === null ? (
        <p class="muted">These bytes are not what the codec writes (a longer head than needed, keys in another order), so the IR walk cannot place each field in them.</p>
      ) : null}
    </div>
  );
}

export function BytesPane(props: {
  input: string;
  inputKind: InputKind;
  format: Format;
  type: string;
  outcome: BytesOutcome | null;
  onInput: (s: string) => void;
  onKind: (k: InputKind) => void;
  onFormat: (f: Format) => void;
  onFile: (f: File | undefined) => void;
}) {
  const o = props.outcome;
  return (
    <section id="bytes-pane">
      <h2>Bytes {props.type ? `as ${props.type}` : ""}</h2>
      <textarea id="bytes-input" rows={6} value={props.input} placeholder="hex (spaces, comments and a draft's annotated dump are fine), base64, EDN, or the value as JSON" onInput={(e) => props.onInput((e.target as HTMLTextAreaElement).value)} />
      <div class="row">
        <label>
          read as{" "}
          <select id="input-kind" value={props.inputKind} onChange={(e) => props.onKind((e.target as HTMLSelectElement).value as InputKind)}>
            {INPUT_KINDS.map((k) => (
              <option value={k}>{k}</option>
            ))}
          </select>
        </label>
        <label>
          decode as{" "}
          <select id="format" value={props.format} onChange={(e) => props.onFormat((e.target as HTMLSelectElement).value as Format)}>
            <option value="cbor">CBOR</option>
            <option value="tpl">TPL</option>
          </select>
        </label>
        <input type="file" onChange={(e) => props.onFile((e.target as HTMLInputElement).files?.[0])} />
      </div>
      {o?.kind === "decoded" && o.result.ok ? <EncodingView key={`${props.format}:${props.input}`} id="primary" bytes={o.input} spans={o.result.spans[props.format]} /> : null}
      {o?.kind === "decoded" && !o.result.ok ? <DecodeError input={o.input} error={o.result.error} format={props.format} /> : null}
      {o?.kind === "encoded" && o.result.ok ? <BothEncodings encodings={o.result.encodings} idPrefix="json" /> : null}
    </section>
  );
}

function DecodeError(props: { input: Uint8Array; error: Failure; format: Format }) {
  const e = props.error;
  return (
    <div>
      <p id="decode-error" class="error" data-offset={e.offset ?? ""} data-path={e.path ?? ""}>
        Not a valid {NAME[props.format]} encoding: {describeFailure(e)}
      </p>
      <HexView id="hex-primary" bytes={props.input} hl={null} err={e.offset !== undefined && e.offset >= 0 ? e.offset : undefined} />
    </div>
  );
}

function BothEncodings(props: { encodings: Encodings; idPrefix: string }) {
  return (
    <div>
      {(["tpl", "cbor"] as const).map((f) => {
        const b = props.encodings.bytes[f];
        const err = props.encodings.errors[f];
        return (
          <div>
            <h3>
              {NAME[f]}: {b ? `${b.length} bytes` : "no encoding"}
            </h3>
            {b ? <EncodingView id={`${props.idPrefix}-${f}`} bytes={b} spans={props.encodings.spans[f]} /> : null}
            {err ? (
              <p class="error" id={`${props.idPrefix}-${f}-error`} data-path={err.path ?? ""}>
                {describeFailure(err)}
              </p>
            ) : null}
          </div>
        );
      })}
    </div>
  );
}

export function ConvertPane(props: {
  result: DecodeResult & { ok: true };
  type: string;
  sender: string;
  room: string;
  onSender: (s: string) => void;
  onRoom: (s: string) => void;
  onConvert: (bytes: Uint8Array, to: Format) => void;
  messageIdOf: (value: unknown, encoded: Uint8Array, sender: string, room: string) => { id: string; senderUri: string; roomUri: string } | null;
}) {
  const r = props.result;
  const to = other(r.from);
  const bytes = r.bytes;
  const ids = (["cbor", "tpl"] as const).flatMap((f) => {
    const b = bytes[f];
    const id = b ? props.messageIdOf(r.value, b, props.sender, props.room) : null;
    return id ? [{ f, ...id }] : [];
  });
  const size = (f: Format) => bytes[f]?.length;
  return (
    <section id="convert-pane">
      <h2>Convert and compare</h2>
      <p id="sizes">
        <span id="size-tpl" data-bytes={size("tpl") ?? ""}>
          TPL {size("tpl") ?? "–"} bytes
        </span>
        {" · "}
        <span id="size-cbor" data-bytes={size("cbor") ?? ""}>
          CBOR {size("cbor") ?? "–"} bytes
        </span>
        {size("tpl") !== undefined && size("cbor") !== undefined ? ` · TPL − CBOR = ${size("tpl")! - size("cbor")!} bytes` : ""}
      </p>
      {bytes[to] ? (
        <>
          <button id="convert" onClick={() => props.onConvert(bytes[to]!, to)}>
            Open the {NAME[to]} encoding in the bytes pane
          </button>
          <details open>
            <summary>
              {NAME[to]} encoding, {bytes[to]!.length} bytes
            </summary>
            <EncodingView id="other" bytes={bytes[to]!} spans={r.spans[to]} />
          </details>
        </>
      ) : (
        <p class="error" id="convert-error">
          No {NAME[to]} encoding: {r.errors[to] ? describeFailure(r.errors[to]!) : "no codec"}
        </p>
      )}
      <Fields result={r} />
      {ids.length > 0 ? (
        <div id="message-id">
          <h3>Message ID</h3>
          <div class="row">
            <label>
              sender URI <input type="text" value={props.sender} onInput={(e) => props.onSender((e.target as HTMLInputElement).value)} />
            </label>
            <label>
              room URI <input type="text" value={props.room} onInput={(e) => props.onRoom((e.target as HTMLInputElement).value)} />
            </label>
          </div>
          {ids.map((x) => (
            <p class="mono" data-format={x.f}>
              over the {NAME[x.f]} encoding: <b>{x.id}</b> <span class="muted">(sender {x.senderUri}, room {x.roomUri})</span>
            </p>
          ))}
        </div>
      ) : null}
    </section>
  );
}

function Fields(props: { result: Encodings }) {
  const rows = props.result.fields;
  if (props.result.walkError) return <p class="muted">Bytes per field: {props.result.walkError}</p>;
  if (rows.length === 0) return null;
  const total = (s: { framing: number; payload: number }) => s.framing + s.payload;
  return (
    <details>
      <summary>Where each format spends its bytes ({rows.length} field paths)</summary>
      <div class="wide">
        <table id="fields">
          <thead>
            <tr>
              <th>field</th>
              <th>TPL framing</th>
              <th>TPL payload</th>
              <th>CBOR framing</th>
              <th>CBOR payload</th>
              <th>TPL − CBOR</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr>
                <td class="mono">{row.name}</td>
                <td>{row.tpl.framing}</td>
                <td>{row.tpl.payload}</td>
                <td>{row.cbor.framing}</td>
                <td>{row.cbor.payload}</td>
                <td>{total(row.tpl) - total(row.cbor)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}

export function EditPane(props: { initial: unknown; encode: (json: unknown) => { ok: true; encodings: Encodings } | { ok: false; error: Failure } }) {
  const [text, setText] = useState(() => JSON.stringify(props.initial, null, 2));
  const outcome = useMemo(() => {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (e) {
      return { ok: false as const, error: { message: `not JSON: ${(e as Error).message}` } };
    }
    return props.encode(json);
  }, [text]);
  return (
    <section id="edit-pane">
      <h2>Edit the value (JSON)</h2>
      <textarea id="json-edit" rows={12} value={text} onInput={(e) => setText((e.target as HTMLTextAreaElement).value)} />
      {outcome.ok ? (
        <div id="edit-result">
          {(["tpl", "cbor"] as const).map((f) => {
            const b = outcome.encodings.bytes[f];
            const err = outcome.encodings.errors[f];
            return (
              <p class="mono" id={`edit-${f}`} data-bytes={b?.length ?? ""}>
                {NAME[f]}: {b ? `${b.length} bytes ${toHex(b).slice(0, 96)}${b.length > 48 ? "…" : ""}` : ""}
                {err ? <span class="error"> {describeFailure(err)}</span> : null}
              </p>
            );
          })}
        </div>
      ) : (
        <p id="edit-error" class="error" data-pointer={outcome.error.pointer ?? ""}>
          {describeFailure(outcome.error)}
        </p>
      )}
    </section>
  );
}
