/**
 * The examples of draft-ietf-mimi-content (main at 961ea5a, 2026-03-02) as
 * facts: who sends each, its salt, its hub timestamp where the draft gives
 * one, and the message ID printed in its EDN comment. `build` recreates the
 * example with the Composer; given the draft's salt (and the draft's
 * references) it reproduces the draft's .cbor byte for byte.
 */
import type { mimiContent } from "../../generated/mimi-content-main/index.js";
import { fromHex } from "../runtime/index.js";
import type { Composer, SentMessage } from "./compose.js";
import { alternatives, externalPart, htmlPart, markdownPart, mixed, singlePart } from "./parts-builders.js";
import { HASH_ALG_SHA256 } from "./message-id.js";
import { ENC_AES_128_GCM } from "./algorithms.js";

export const ROOM_URI = "mimi://example.com/r/engineering_team";
export const ROOM_NAME = "Engineering Team";

export type DraftUser = "alice" | "bob" | "cathy";

export const USER_URIS: Readonly<Record<DraftUser, string>> = {
  alice: "mimi://example.com/u/alice-smith",
  bob: "mimi://example.com/u/bob-jones",
  cathy: "mimi://example.com/u/cathy-washington",
};

/** The implied values of the original message ("Original Message", implied-original.edn). */
export const IMPLIED_ORIGINAL = {
  /** "7u4NEqe1tbeBFa0aHdsTgRyD_XOHxD5meZpZS-7aJr8" */
  mlsGroupId: fromHex("eeee0d12a7b5b5b78115ad1a1ddb13811c83fd7387c43e66799a594beeda26bf"),
  senderLeafIndex: 4,
  senderClientUrl: "mimi://example.com/d/3b52249d-68f9-45ce-8bf5-c799f3cad7ec/0003",
  hubAcceptedTimestamp: 1644387225019n,
} as const;

export type ExampleName =
  | "original"
  | "reply"
  | "reaction"
  | "mention"
  | "mention-html"
  | "edit"
  | "delete"
  | "unlike"
  | "expiring"
  | "attachment"
  | "conferencing"
  | "multipart-1"
  | "multipart-2"
  | "multipart-3";

/** Earlier messages by example name (their content and message ID). */
export type RefLookup = (name: ExampleName) => SentMessage;

export interface DraftExample {
  readonly name: ExampleName;
  /** the section of the draft that shows it */
  readonly section: string;
  readonly sender: DraftUser;
  readonly salt: string;
  /** from the "# message ID = h'...'" comment of examples/<name>.edn */
  readonly messageId: string;
  /** hub accepted timestamp (ms) from the "# timestamp" comment, where the draft gives one */
  readonly timestamp?: number;
  readonly build: (c: Composer, ref: RefLookup, salt: Uint8Array) => mimiContent;
}

const KUDOS = ["Kudos to ", { uri: USER_URIS.alice, label: "@Alice Smith" }, " for making the release happen!"] as const;
const welcome = (lang: "en" | "fr", img: number): string =>
  lang === "en"
    ? `<html><body><h1>Welcome!</h1>\n<img src="cid:${img}@local.invalid" alt="Welcome image"/>\n</body></html>`
    : `<html><body><h1>Bienvenue!</h1>\n<img src="cid:${img}@local.invalid" alt="Image bienvenue"/>\n</body></html>`;
const withImage = (img: number, type: string, bytes: string) =>
  mixed([alternatives([htmlPart(welcome("en", img), { language: "en" }), htmlPart(welcome("fr", img), { language: "fr" })]), singlePart(type, fromHex(bytes), { disposition: "inline" })]);

export const DRAFT_EXAMPLES: readonly DraftExample[] = [
  {
    name: "original", section: "Original Message", sender: "alice", timestamp: 1644387225019,
    salt: "5eed9406c2545547ab6f09f20a18b003", messageId: "017ce54837404c3696e0c747b985cb172716d0ed0a3d249ca63ace7d82a096f4",
    build: (c, _r, salt) => c.original("Hi everyone, we just shipped release 2.0. __Good  work__!", { salt }),
  },
  {
    name: "reply", section: "Reply", sender: "bob", timestamp: 1644387237492,
    salt: "11a458c73b8dd2cf404db4b378b8fe4d", messageId: "015354973c2b65ca937bf1e035ae53a5ab80e947afa43d46920d4202e5cc0b27",
    build: (c, r, salt) => c.reply(r("original"), "Right on! _Congratulations_ 'all!", { salt }),
  },
  {
    name: "reaction", section: "Reaction", sender: "cathy", timestamp: 1644387237728,
    salt: "d37bc0e6a8b4f04e9e6382375f587bf6", messageId: "0158c4288911e50a8f6be3f47746b6682f10fd91bc8c05557aa589a3157aff68",
    // the draft's prose says U+2665 (e2 99 a5); the example carries U+2764 (e2 9d a4)
    build: (c, r, salt) => c.reaction(r("original"), "\u2764", { salt }),
  },
  {
    name: "mention", section: "Mentions", sender: "cathy", timestamp: 1644387243008,
    salt: "04f290e215d0f82d1750bfa8b7dc089d", messageId: "018d825adf9f6be00dcafc5704c4102f5022e74219d0b603e4ba7622654042af",
    build: (c, r, salt) => c.mention(KUDOS, { salt, inReplyTo: r("original") }),
  },
  {
    name: "mention-html", section: "Mentions (HTML)", sender: "cathy", timestamp: 1644387243008,
    salt: "15d9705fd5bf5e02b0af47c85f8b98fe", messageId: "01967ff8e9a66819738ad5cf26d2e0388a3b81d86b0f61d129c077d043ee2a4e",
    build: (c, r, salt) => c.mention(KUDOS, { salt, inReplyTo: r("original"), format: "html" }),
  },
  {
    name: "edit", section: "Edit", sender: "bob", timestamp: 1644387248621,
    salt: "b8c2e6d8800ecf45df39be6c45f4c042", messageId: "014028c0deddbdea56bec26172f6ede953d11024cb82b8192b5e2aea62d7fb47",
    build: (c, r, salt) => c.edit(r("reply"), "Right on! _Congratulations_ y'all!", { salt }),
  },
  {
    name: "delete", section: "Delete", sender: "bob", timestamp: 1644387248621,
    salt: "0a590d73b2c7761c39168be5ebf7f2e6", messageId: "011d9efc78d04d4dcf4d82b07d5199bbef37011c1f0c7e004b6111c6dda504b4",
    build: (c, r, salt) => c.delete(r("reply"), { salt }),
  },
  {
    name: "unlike", section: "Unlike", sender: "cathy", timestamp: 1644387250389,
    salt: "c5ba86dc9fd272e58ca52ec805b79199", messageId: "013aadbb8f313253c8930f4e93c6ca54b2ed06d258185bdcec3870534c8a4ec4",
    build: (c, r, salt) => c.unlike(r("reaction"), { salt }),
  },
  {
    name: "expiring", section: "Expiring", sender: "alice", timestamp: 1644389403227,
    salt: "33be993eb39f418f9295afc2ae160d2d", messageId: "01e59db8173939facc2c8a4a0f0ae8d0c7a11a81239626630c9464a8d6717a03",
    build: (c, _r, salt) => c.expiring("__*VPN GOING DOWN*__ I'm rebooting the VPN in ten minutes unless anyone objects.", { at: 1644390004 }, { salt }),
  },
  {
    name: "attachment", section: "Attachments", sender: "bob",
    salt: "18fac6371e4e53f1aeaf8a013155c166", messageId: "0176180c7d19a925021fe446d241134d05c38e0d999cdc0f39c391d2377ed9d1",
    build: (c, _r, salt) =>
      c.attachment(
        externalPart({
          disposition: "attachment", language: "en", contentType: "video/mp4", url: "https://example.com/storage/8ksB4bSrrRE.mp4",
          size: 708234961n, encAlg: ENC_AES_128_GCM, key: fromHex("21399320958a6f4c745dde670d95e0d8"), nonce: fromHex("c86cf2c33f21527d1dd76f5b"),
          hashAlg: HASH_ALG_SHA256, contentHash: fromHex("9ab17a8cf0890baaae7ee016c7312fcc080ba46498389458ee44f0276e783163"),
          description: "2 hours of key signing video", filename: "bigfile.mp4",
        }),
        { salt },
      ),
  },
  {
    name: "conferencing", section: "Conferencing", sender: "alice",
    salt: "678ac6cd54de049c3e9665cd212470fa", messageId: "01496d15a8dba28d7397f9868b70768e4a67f765d5b5b1ae9e03848c5fdeb0ba",
    build: (c, _r, salt) => c.conference("https://example.com/join/12345", "Join the Foo 118 conference", { salt, topicId: "Foo 118" }),
  },
  {
    name: "multipart-1", section: "Proprietary and Common formats sent as alternatives", sender: "alice",
    salt: "261c953e178af653fe3d42641b91d814", messageId: "01da5a515ec5db42cc4dcc19b90c3c31245d8a1cfcce11318f24eb11dce0990e",
    build: (c, _r, salt) =>
      c.original(alternatives([markdownPart("# Welcome!"), singlePart("application/vnd.examplevendor-fancy-im-message", fromHex("dc861ebaa718fd7c3ca159f71a2001"))]), { salt }),
  },
  {
    name: "multipart-2", section: "Multiple Reactions Example", sender: "alice",
    salt: "8528dc2d92e4f1944d62042907ab94d0", messageId: "01d65918c6c51c8e76546337276ae6f4bfd873d867d5cb57c76bcdca3d999dd7",
    // the draft's example reacts to nothing: its inReplyTo is null
    build: (c, _r, salt) => c.reactions(null, ["\u2764", "\u{1F973}", "\u{1F91E}"], { salt }),
  },
  {
    name: "multipart-3", section: "Complicated Nested Example", sender: "alice",
    salt: "b8362793168d18c049b882d4642a2274", messageId: "01cfebeadbdb83c1eefb6403ba4852daf8bbbf9cd53bf5035a74d5d741950c9f",
    build: (c, _r, salt) =>
      c.original(alternatives([withImage(5, "image/gif", "dc861ebaa718fd7c3ca159f71a2001a7"), withImage(10, "image/png", "fa444237451a05a72bb0f67037cc1669")]), { salt }),
  },
];

export function draftExample(name: ExampleName): DraftExample {
  const e = DRAFT_EXAMPLES.find((x) => x.name === name);
  if (!e) throw new Error(`no draft example ${name}`);
  return e;
}
