/**
 * The page's whole state in a URL fragment, so a link in a mail reproduces
 * it: JSON, deflated (CompressionStream, in every current browser and in
 * Node), base64url. The fragment never leaves the reader's machine.
 */
export interface PlaygroundState {
  /** A built-in document's name, or absent for a pasted source. */
  readonly doc?: string;
  /** The pasted source and its file name. */
  readonly source?: string;
  readonly sourceName?: string;
  readonly type?: string;
  /** What is in the bytes pane, how to read it, and the format to decode it as. */
  readonly input?: string;
  readonly inputKind?: string;
  readonly format?: "tpl" | "cbor";
  readonly sender?: string;
  readonly room?: string;
}

const PREFIX = "#s=";

export async function stateToFragment(state: PlaygroundState): Promise<string> {
  const json = new TextEncoder().encode(JSON.stringify(state));
  const packed = await pipe(json, new CompressionStream("deflate"));
  return PREFIX + toBase64Url(packed);
}

/** The state in a fragment; null when the fragment holds none (or a damaged one). */
export async function stateFromFragment(fragment: string): Promise<PlaygroundState | null> {
  if (!fragment.startsWith(PREFIX)) return null;
  try {
    const packed = fromBase64Url(fragment.slice(PREFIX.length));
    const json = await pipe(packed, new DecompressionStream("deflate"));
    const state = JSON.parse(new TextDecoder().decode(json)) as unknown;
    return typeof state === "object" && state !== null && !Array.isArray(state) ? sanitise(state as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** Only the known keys, each of its own type: a fragment is untrusted input. */
function sanitise(s: Record<string, unknown>): PlaygroundState {
  const out: Record<string, string> = {};
  for (const k of ["doc", "source", "sourceName", "type", "input", "inputKind", "sender", "room"]) if (typeof s[k] === "string") out[k] = s[k];
  const f = s["format"];
  const state: PlaygroundState = out;
  return f === "tpl" || f === "cbor" ? { ...state, format: f } : state;
}

async function pipe(data: Uint8Array, stream: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const out = new Response(new Blob([data as Uint8Array<ArrayBuffer>]).stream().pipeThrough(stream));
  return new Uint8Array(await out.arrayBuffer());
}

function toBase64Url(b: Uint8Array): string {
  let bin = "";
  for (let i = 0; i < b.length; i++) bin += String.fromCharCode(b[i]!);
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64Url(s: string): Uint8Array {
  const b64 = s.replace(/-/g, "+").replace(/_/g, "/");
  const bin = atob(b64.padEnd(b64.length + ((4 - (b64.length % 4)) % 4), "="));
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}
