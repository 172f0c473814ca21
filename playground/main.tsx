/** The playground page: a draft and its bytes side by side. Everything runs here; nothing is fetched or sent. */
import { render } from "preact";
import { useEffect, useMemo, useState } from "preact/hooks";
import "./style.css";
import { toHex } from "../src/runtime/index.js";
import { encodeJson, messageIdOf, type Format } from "../src/playground/session.js";
import { INPUT_KINDS, type InputKind } from "../src/playground/read-input.js";
import { stateFromFragment, stateToFragment, type PlaygroundState } from "../src/playground/share-state.js";
import { BUILTIN_DOCUMENTS, describeFailure, loadBuiltin, loadSource, readAndDecode, type Loaded } from "./model.js";
import { Diagnostics, SourceView } from "./views.js";
import { TypesPane } from "./types-pane.js";
import { BytesPane, ConvertPane, EditPane } from "./bytes-panes.js";

const SOURCE = "(pasted source)";
const DEFAULT_DOC = "mimi-content-03";
const ROOM = "mimi://example.com/r/engineering_team";
const SENDER = "mimi://example.com/u/alice-smith";

/** What the page measured, for people (the header) and for the browser tests. */
export interface Marks {
  ready?: number;
  firstDecode?: { at: number; ms: number; doc: string };
  compile?: { compile: number; emit: number; strip: number; load: number };
  /** When the pasted source's codecs were loaded. */
  compiledAt?: number;
  sourceToDecode?: number;
}
const marks: Marks = ((globalThis as { __playground?: Marks }).__playground = {});

function App(props: { initial: PlaygroundState | null }) {
  const init = props.initial ?? {};
  const [doc, setDoc] = useState(init.source !== undefined ? SOURCE : (init.doc ?? DEFAULT_DOC));
  const [sourceText, setSourceText] = useState(init.source ?? "");
  const [sourceName, setSourceName] = useState(init.sourceName ?? "");
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [type, setType] = useState(init.type ?? "");
  const [input, setInput] = useState(init.input ?? "");
  const [inputKind, setInputKind] = useState<InputKind>(INPUT_KINDS.includes(init.inputKind as InputKind) ? (init.inputKind as InputKind) : "auto");
  const [format, setFormat] = useState<Format>(init.format ?? "cbor");
  const [sender, setSender] = useState(init.sender ?? SENDER);
  const [room, setRoom] = useState(init.room ?? ROOM);
  const [diag, setDiag] = useState<number | null>(null);
  const [shareUrl, setShareUrl] = useState("");
  const [compileStarted, setCompileStarted] = useState<number | null>(null);

  const choose = (l: Loaded, keepType?: string) => {
    setLoaded(l);
    setLoadError(null);
    setDiag(null);
    const want = keepType ?? type;
    setType(l.types.includes(want) ? want : (l.types.find((t) => /^mimicontent$/i.test(t)) ?? l.types[0] ?? ""));
  };
  const openBuiltin = (name: string, keepType?: string) => {
    const l = loadBuiltin(name);
    if ("error" in l) setLoadError(l.error);
    else choose(l, keepType);
  };
  const compile = async (text: string, name: string, keepType?: string) => {
    setBusy(true);
    const started = performance.now();
    setCompileStarted(started);
    const l = await loadSource(text, name || undefined);
    setBusy(false);
    if ("error" in l) {
      setLoadError(l.error);
      setLoaded(null);
      return;
    }
    if (l.timing) marks.compile = l.timing;
    marks.compiledAt = performance.now();
    choose(l, keepType);
  };
  useEffect(() => {
    if (doc === SOURCE) void compile(sourceText, sourceName, init.type);
    else openBuiltin(doc, init.type);
    marks.ready = performance.now();
  }, []);

  const outcome = useMemo(() => (loaded && type ? readAndDecode(loaded, type, format, input, inputKind) : null), [loaded, type, format, input, inputKind]);
  useEffect(() => {
    if (outcome?.kind !== "decoded" || !outcome.result.ok) return;
    if (!marks.firstDecode) marks.firstDecode = { at: performance.now(), ms: outcome.ms, doc: loaded?.schema.name ?? "" };
    if (compileStarted !== null && marks.sourceToDecode === undefined && loaded?.source) marks.sourceToDecode = performance.now() - compileStarted;
  }, [outcome]);

  const share = async () => {
    const state: PlaygroundState = {
      ...(doc === SOURCE ? { source: sourceText, sourceName } : { doc }),
      type,
      input,
      inputKind,
      format,
      ...(sender !== SENDER ? { sender } : {}),
      ...(room !== ROOM ? { room } : {}),
    };
    const fragment = await stateToFragment(state);
    history.replaceState(null, "", fragment);
    setShareUrl(location.href);
  };
  const convert = (bytes: Uint8Array, to: Format) => {
    setInput(toHex(bytes));
    setInputKind("hex");
    setFormat(to);
  };
  const openFile = async (f: File | undefined, target: "source" | "bytes") => {
    if (!f) return;
    if (target === "source") {
      const text = await f.text();
      setSourceText(text);
      setSourceName(f.name);
      setDoc(SOURCE);
      void compile(text, f.name);
    } else {
      const bytes = new Uint8Array(await f.arrayBuffer());
      const isText = /\.(hex|txt|edn|diag|pretty|json)$/i.test(f.name);
      if (isText) setInput(new TextDecoder().decode(bytes));
      else convert(bytes, format);
    }
  };

  const picked = diag !== null ? loaded?.diagnostics[diag] : undefined;
  const timing = loaded?.timing;
  return (
    <>
      <header>
        <h1>mimi-codec playground</h1>
        <label>
          document{" "}
          <select
            id="doc-select"
            value={doc}
            onChange={(e) => {
              const v = (e.target as HTMLSelectElement).value;
              setDoc(v);
              if (v === SOURCE) void compile(sourceText, sourceName);
              else openBuiltin(v);
            }}
          >
            {BUILTIN_DOCUMENTS.map((d) => (
              <option value={d}>{d}</option>
            ))}
            <option value={SOURCE}>{SOURCE}</option>
          </select>
        </label>
        <button id="share" onClick={() => void share()}>
          Share (link with the whole state)
        </button>
        {shareUrl ? <input id="share-url" class="share-url" type="text" readOnly value={shareUrl} onFocus={(e) => (e.target as HTMLInputElement).select()} /> : null}
        <span class="timing" id="timing">
          {busy ? "compiling…" : timing ? `compiled in ${fmt(timing.compile)} ms, codecs generated in ${fmt(timing.emit)} ms, types stripped in ${fmt(timing.strip)} ms, loaded in ${fmt(timing.load)} ms` : ""}
          {outcome?.kind === "decoded" && outcome.result.ok ? `; decoded in ${fmt(outcome.ms)} ms` : ""}
        </span>
      </header>
      <main>
        <div>
          <section id="source-pane">
            <h2>Source</h2>
            <p class="muted">Paste a draft (.md, .xml, .txt), a TPL or a CDDL text, or open a file; it compiles here, in the page.</p>
            <textarea id="source-text" rows={8} value={sourceText} onInput={(e) => setSourceText((e.target as HTMLTextAreaElement).value)} placeholder="struct { uint16 a; opaque b<V>; } Example;" />
            <div class="row">
              <input id="source-name" type="text" style="width:12em" placeholder="file name (optional)" value={sourceName} onInput={(e) => setSourceName((e.target as HTMLInputElement).value)} />
              <button
                id="compile"
                onClick={() => {
                  setDoc(SOURCE);
                  void compile(sourceText, sourceName);
                }}
              >
                Compile
              </button>
              <input type="file" accept=".md,.xml,.txt,.tls,.tpl,.cddl" onChange={(e) => void openFile((e.target as HTMLInputElement).files?.[0], "source")} />
            </div>
            {loadError ? (
              <p id="load-error" class="error">
                {loadError}
              </p>
            ) : null}
            {loaded?.builtin ? (
              <p class="muted">
                {loaded.builtin.config.description ?? loaded.builtin.name}: the shipped IR and module of <code>{loaded.builtin.config.source}</code>; the diagnostics are what lint found in that draft.
              </p>
            ) : null}
            {doc === SOURCE && loaded?.source ? <SourceView text={loaded.source.text} at={picked ? picked.loc : null} /> : null}
            {loaded ? <Diagnostics diagnostics={loaded.diagnostics} selected={diag} onPick={setDiag} /> : null}
          </section>
          {loaded ? <TypesPane loaded={loaded} type={type} onPick={setType} /> : null}
        </div>
        <div>
          <BytesPane
            input={input}
            inputKind={inputKind}
            format={format}
            type={type}
            outcome={outcome}
            onInput={setInput}
            onKind={setInputKind}
            onFormat={setFormat}
            onFile={(f) => void openFile(f, "bytes")}
          />
          {outcome?.kind === "decoded" && outcome.result.ok ? (
            <ConvertPane result={outcome.result} type={type} sender={sender} room={room} onSender={setSender} onRoom={setRoom} onConvert={convert} messageIdOf={messageIdOf} />
          ) : null}
          {loaded && type && outcome?.kind === "decoded" && outcome.result.ok ? <EditPane key={`${type}|${input}|${format}`} initial={outcome.result.json} encode={(json) => encodeJson(loaded.schema, type, json)} /> : null}
          {outcome?.kind === "input-error" ? (
            <p id="input-error" class="error">
              {outcome.error.message}
            </p>
          ) : null}
          {outcome?.kind === "decoded" && !outcome.result.ok ? null : outcome?.kind === "encoded" && !outcome.result.ok ? (
            <p id="encode-error" class="error">
              {describeFailure(outcome.result.error)}
            </p>
          ) : null}
        </div>
      </main>
    </>
  );
}

function fmt(ms: number): string {
  return ms < 10 ? ms.toFixed(1) : ms.toFixed(0);
}

async function start(): Promise<void> {
  const initial = await stateFromFragment(location.hash);
  render(<App initial={initial} />, document.getElementById("app")!);
}

void start();
