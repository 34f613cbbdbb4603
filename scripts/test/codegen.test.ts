// The generator: its output on disk is what a fresh generation gives (the check CI relies on),
// the check notices a stale file, and the output says what the spec says.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { methodVerb } from "../../packages/core/src/protocol/method-verbs.ts";
import { generate, root, specPath, staleFiles, writeOutputs } from "../codegen/main.ts";
import { loadSpec } from "../codegen/spec.ts";
import { methodTraits, staleExceptions } from "../codegen/traits.ts";

const spec = loadSpec(specPath());
const outputs = generate();

describe("generated files", () => {
  it("are exactly what a fresh generation produces", () => {
    expect(staleFiles(outputs)).toEqual([]);
  });

  const scratch = mkdtempSync(join(tmpdir(), "telepot-codegen-"));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it("are reported stale when edited by hand or missing, and regenerated", () => {
    const [first, second] = Object.keys(outputs) as [string, string];
    for (const path of Object.keys(outputs)) {
      cpSync(join(root, path), join(scratch, path), { recursive: true });
    }
    writeFileSync(join(scratch, first), `${readFileSync(join(scratch, first), "utf8")}// edited\n`);
    rmSync(join(scratch, second));
    expect(staleFiles(outputs, scratch).sort()).toEqual([first, second].sort());
    expect(writeOutputs(outputs, scratch).sort()).toEqual([first, second].sort());
    expect(staleFiles(outputs, scratch)).toEqual([]);
  });
});

describe("generated types", () => {
  const types = outputs["packages/core/src/generated/types.ts"] as string;

  it("declare every type of the spec except InputFile, which is hand-written", () => {
    const declared = [...types.matchAll(/^export (?:interface|type) (\w+)/gm)].map((m) => m[1]);
    const expected = Object.keys(spec.types).filter((n) => n !== "InputFile");
    expect(declared.sort()).toEqual(expected.sort());
    expect(declared).toHaveLength(Object.keys(spec.types).length - 1);
  });

  it("give subtypes their literal discriminator and abstract types a union", () => {
    expect(types).toMatch(/export interface InlineQueryResultArticle \{[^}]*type: "article";/s);
    expect(types).toMatch(/export interface ChatMemberBanned \{[^}]*status: "kicked";/s);
    expect(types).toMatch(/export interface ChatBoostSourceGiveaway \{[^}]*source: "giveaway";/s);
    expect(types).toMatch(/export type ChatMember =\s+\| ChatMemberOwner\s+\| ChatMemberAdministrator/);
    expect(types).toMatch(/export type RichText =\s+\| string\s+\| RichText\[\]/);
  });

  it("mark optional fields optional, True fields `true`, uploads as InputFileLike", () => {
    expect(types).toMatch(/export interface Message \{[^}]*\n {2}message_id: number;/s);
    expect(types).toMatch(/export interface Message \{[^}]*\n {2}text\?: string;/s);
    expect(types).toMatch(/export interface Message \{[^}]*\n {2}delete_chat_photo\?: true;/s);
    expect(types).toMatch(/export interface InputMediaPhoto \{[^}]*media: InputFileLike \| string;/s);
  });
});

/** The method table of a generated methods.ts: the JSON text it parses at import. */
function methodTableOf(
  methods: string,
): Record<string, { required: string[]; uploads: string[]; traits: object }> {
  const json = /= \/\* @__PURE__ \*\/ methodTable\(`(\{.*?\})`\);$/ms.exec(methods)?.[1];
  if (json === undefined) throw new Error("no method table in the generated methods.ts");
  return JSON.parse(json);
}

describe("generated methods", () => {
  const methods = outputs["packages/core/src/generated/methods.ts"] as string;
  const table = methodTableOf(methods);

  it("have a table row for each method, with required params in spec order", () => {
    expect(Object.keys(table).sort()).toEqual(Object.keys(spec.methods).sort());
    for (const [name, info] of Object.entries(table)) {
      const fromSpec = (spec.methods[name]?.fields ?? []).filter((f) => f.required).map((f) => f.name);
      expect(info.required, name).toEqual(fromSpec);
    }
  });

  it("know which parameters can carry an upload, directly or nested", () => {
    const uploads = Object.fromEntries(Object.entries(table).map(([name, info]) => [name, info.uploads]));
    expect(uploads.sendPhoto).toEqual(["photo"]);
    expect(uploads.sendVideo).toEqual(expect.arrayContaining(["video", "thumbnail", "cover"]));
    expect(uploads.sendMediaGroup).toEqual(["media"]);
    expect(uploads.sendPaidMedia).toEqual(["media"]);
    expect(uploads.createNewStickerSet).toEqual(["stickers"]);
    expect(uploads.setBusinessAccountProfilePhoto).toEqual(["photo"]);
    expect(uploads.postStory).toEqual(expect.arrayContaining(["content"]));
    expect(uploads.sendMessage).toEqual([]);
    expect(uploads.getMe).toEqual([]);
  });

  it("give each method its positional signature", () => {
    expect(methods).toContain(
      "sendMessage(chat_id: number | string, text: string, options?: SendMessageOptions, call?: CallOptionsFor<Mode>): Returned<Mode, T.Message>;",
    );
    expect(methods).toContain("getMe(call?: CallOptionsFor<Mode>): Returned<Mode, T.User>;");
    // sendPoll's own required "options" parameter leaves its options object another name.
    expect(methods).toMatch(
      /sendPoll\(chat_id: number \| string, question: string, options: [^)]*, extra\?: SendPollOptions, call\?: CallOptionsFor<Mode>\)/,
    );
    expect(methods).toContain(
      "editMessageText(options?: EditMessageTextOptions, call?: CallOptionsFor<Mode>): Returned<Mode, T.Message | true>;",
    );
  });
});

describe("method traits", () => {
  it("come from rules whose exceptions are all needed", () => {
    expect(staleExceptions(spec)).toEqual([]);
    expect(methodTraits(spec).size).toBe(Object.keys(spec.methods).length);
  });

  it("refuse an exception that names no method or that the rule already gives", () => {
    const withoutClose = structuredClone(spec);
    delete withoutClose.methods.close;
    expect(staleExceptions(withoutClose)).toEqual(["safeToRepeat: close is no method of the spec"]);
    expect(() => methodTraits(withoutClose)).toThrow(/stale trait exceptions/);
    const getMeSafe = { getMe: { value: true, why: "a read" } };
    expect(staleExceptions(spec, { safeToRepeat: getMeSafe, floodLimited: {} })).toEqual([
      "safeToRepeat: the rule already gives getMe true",
    ]);
  });

  it("read the verb a method's name starts with", () => {
    expect(methodVerb("sendMessage")).toBe("send");
    expect(methodVerb("unpinAllChatMessages")).toBe("unpin");
    expect(methodVerb("close")).toBe("close");
  });

  it("are emitted into the method table", () => {
    const methods = outputs["packages/core/src/generated/methods.ts"] as string;
    const table = methodTableOf(methods);
    expect(table.sendMessage?.traits).toEqual({
      safeToRepeat: false,
      floodLimited: true,
      chatBound: true,
      messageBound: false,
      boundBy: "sender",
    });
    // JSON has no undefined: the table's null is undefined once parsed (see methodTable).
    expect(table.getMe?.traits).toEqual({
      safeToRepeat: true,
      floodLimited: false,
      chatBound: false,
      messageBound: false,
      boundBy: null,
    });
    expect(methods).toMatch(/^ {2}sender: "sendMessage" \| "forwardMessage" \| /m);
  });
});
