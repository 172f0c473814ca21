// Decoding XML character data while remembering, for every decoded UTF-16
// unit, the source offset it came from, so block positions map back exactly.

const NAMED: Readonly<Record<string, string>> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'", nbsp: "\u00A0" };

const ENTITY = /&(#[xX][0-9a-fA-F]+|#[0-9]+|[A-Za-z][\w.-]*);/y;

export class DecodedText {
  text = "";
  /** offsets[k] is the source offset of text[k]. */
  readonly offsets: number[] = [];

  /** Append src[from, to) verbatim (CDATA, nested markup). */
  raw(src: string, from: number, to: number): void {
    this.text += src.slice(from, to);
    for (let k = from; k < to; k++) this.offsets.push(k);
  }

  /** Append src[from, to) with character and entity references decoded; unknown entities stay as written. */
  escaped(src: string, from: number, to: number): void {
    let k = from;
    while (k < to) {
      const amp = src.indexOf("&", k);
      const stop = amp < 0 || amp >= to ? to : amp;
      this.raw(src, k, stop);
      if (stop >= to) return;
      ENTITY.lastIndex = stop;
      const m = ENTITY.exec(src);
      const value = m && stop + m[0].length <= to ? decodeEntity(m[1]!) : undefined;
      if (m && value !== undefined) {
        this.text += value;
        for (let u = 0; u < value.length; u++) this.offsets.push(stop);
        k = stop + m[0].length;
      } else {
        this.raw(src, stop, stop + 1);
        k = stop + 1;
      }
    }
  }
}

function decodeEntity(body: string): string | undefined {
  if (body.startsWith("#")) {
    const hex = body[1] === "x" || body[1] === "X";
    const n = Number.parseInt(body.slice(hex ? 2 : 1), hex ? 16 : 10);
    return Number.isFinite(n) && n >= 0 && n <= 0x10ffff ? String.fromCodePoint(n) : undefined;
  }
  return NAMED[body];
}

/** Plain decoding for attribute values and titles. */
export function decodeXmlText(s: string): string {
  const d = new DecodedText();
  d.escaped(s, 0, s.length);
  return d.text;
}
