/** The compiled types, searchable; the selected one's definition text in each language it has, and the merge's findings. */
import { useState } from "preact/hooks";
import { renderDefinition, sourceExcerpt } from "../src/playground/definition-text.js";
import { builtinEntry, isBuiltinName } from "../src/playground/builtins.js";
import type { Loaded } from "./model.js";

export function TypesPane(props: { loaded: Loaded; type: string; onPick: (t: string) => void }) {
  const [query, setQuery] = useState("");
  const q = query.trim().toLowerCase();
  const shown = props.loaded.types.filter((t) => t.toLowerCase().includes(q));
  return (
    <section id="types-pane">
      <h2>Types ({props.loaded.types.length})</h2>
      <input id="type-search" type="search" placeholder="search types" value={query} onInput={(e) => setQuery((e.target as HTMLInputElement).value)} />
      <ul id="types" class="mono">
        {shown.map((t) => (
          <li class={t === props.type ? "on" : ""} data-type={t} onClick={() => props.onPick(t)}>
            {t}
          </li>
        ))}
      </ul>
      <Definitions loaded={props.loaded} type={props.type} />
    </section>
  );
}

function Definitions(props: { loaded: Loaded; type: string }) {
  const { loaded, type } = props;
  const def = loaded.schema.doc.definitions.find((d) => d.name === type);
  if (!def) return null;
  const texts: { lang: string; text: string; where: string }[] = [];
  const where = `${def.loc.file.replace(/^\/playground\//, "")}:${def.loc.line}:${def.loc.col}`;
  if (loaded.source) texts.push({ lang: def.language.toUpperCase(), text: sourceExcerpt(loaded.source.text, def), where });
  else texts.push({ lang: `${def.language.toUpperCase()} (as compiled)`, text: renderDefinition(def), where });
  const merge = loaded.builtin?.merge;
  const partnerName = merge?.partner.get(type);
  if (merge && partnerName && isBuiltinName(merge.with)) {
    const partner = builtinEntry(merge.with).ir.doc.definitions.find((d) => d.name === partnerName);
    if (partner) texts.push({ lang: `${partner.language.toUpperCase()} (as compiled, ${merge.with})`, text: renderDefinition(partner), where: `${partner.loc.file}:${partner.loc.line}:${partner.loc.col}` });
  }
  const notes = merge?.notes.filter((n) => n.startsWith(`${type}.`) || n.startsWith(`${type}:`)) ?? [];
  return (
    <div id="definition">
      {texts.map((t) => (
        <div>
          <div class="muted">
            {t.lang}, {t.where}
          </div>
          <pre class="def">{t.text}</pre>
        </div>
      ))}
      {notes.length > 0 ? (
        <div id="alignment">
          <div class="muted">Where the TPL and CDDL definitions differ:</div>
          <ul>
            {notes.map((n) => (
              <li>{n}</li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}
