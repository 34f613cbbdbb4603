import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Emulator, start } from "../src/index.js";
import { call, ok } from "./helpers.js";

let emu: Emulator;
let token: string;

beforeAll(async () => {
  emu = await start({ port: 0, bodyLimit: 64 * 1024 });
  token = emu.driver.createBot({ username: "plain_bot" }).token;
});
afterAll(() => emu.close());

describe("the Bot API endpoint", () => {
  it("answers getMe in every encoding", async () => {
    for (const encoding of ["json", "form", "query", "multipart"] as const) {
      const me = await ok(emu, token, "getMe", {}, encoding);
      expect(me).toMatchObject({ is_bot: true, username: "plain_bot", first_name: "plain" });
    }
  });

  it("treats method names case-insensitively, as Telegram does", async () => {
    expect(await ok(emu, token, "GETME")).toMatchObject({ username: "plain_bot" });
  });

  it("answers 404 Not Found for an unknown method and for a malformed path", async () => {
    expect(await call(emu, token, "sendTelepathy")).toEqual({
      status: 404,
      ok: false,
      error_code: 404,
      description: "Not Found",
    });
    const res = await fetch(`${emu.apiRoot}/botnot-a-token/getMe`);
    expect(res.status).toBe(404);
  });

  it("answers 401 Unauthorized for a token no bot has, without echoing it", async () => {
    const wrong = `${token.split(":")[0]}:AAthisIsNotTheToken`;
    const answer = await call(emu, wrong, "getMe");
    expect(answer).toEqual({ status: 401, ok: false, error_code: 401, description: "Unauthorized" });
  });

  it("refuses a missing required parameter with Telegram's wording", async () => {
    expect(await call(emu, token, "sendMessage", { text: "hi" })).toMatchObject({
      status: 400,
      description: "Bad Request: chat_id is empty",
    });
    expect(await call(emu, token, "getFile", {})).toMatchObject({
      status: 400,
      description: 'Bad Request: parameter "file_id" is required',
    });
  });

  it("refuses ill-typed parameters, naming the parameter and the place inside it", async () => {
    // A top-level integer is read as Telegram's server reads it: its leading digits, else 0.
    const limit = await call(emu, token, "getUpdates", { limit: "many", timeout: "0s" }, "form");
    expect(limit).toMatchObject({ status: 200, ok: true });
    const nested = await call(emu, token, "sendMessage", {
      chat_id: 1,
      text: "x",
      reply_parameters: { message_id: "many" },
    });
    expect(nested).toMatchObject({ status: 400, ok: false });
    const markup = await call(emu, token, "sendMessage", {
      chat_id: 1,
      text: "x",
      reply_markup: { inline_keyboard: [[{ callback_data: "a" }]] },
    });
    expect(markup.description).toBe(
      "Bad Request: Can't parse inline keyboard button: Can't find field \"text\"",
    );
    const json = await call(emu, token, "setMyCommands", { commands: "[not json" }, "form");
    expect(json.description).toBe(
      'Bad Request: invalid parameter "commands": can\'t parse commands as a JSON array',
    );
    const union = await call(emu, token, "getMyCommands", { scope: { type: "everywhere" } });
    expect(union.description).toContain('scope.type has an unsupported value "everywhere"');
  });

  it("accepts numbers and booleans written as text, like Telegram", async () => {
    expect(await ok(emu, token, "getUpdates", { limit: "5", timeout: "0" }, "query")).toEqual([]);
    expect(await ok(emu, token, "deleteWebhook", { drop_pending_updates: "true" }, "form")).toBe(true);
  });

  it("goes on without parameters when a JSON body is not an object, as Telegram does", async () => {
    const send = (method: string, body: string) =>
      fetch(`${emu.apiRoot}/bot${token}/${method}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body,
      }).then(async (r) => ({ status: r.status, ...((await r.json()) as object) }));
    for (const body of ["null", "{oops", "[1,2]", '"text"'])
      expect(await send("getMe", body)).toMatchObject({ status: 200, ok: true, result: { is_bot: true } });
    expect(await send("sendMessage", "null")).toMatchObject({
      status: 400,
      description: "Bad Request: chat_id is empty",
    });
  });

  it("refuses a broken multipart body and a file where text belongs", async () => {
    const broken = await fetch(`${emu.apiRoot}/bot${token}/getMe`, {
      method: "POST",
      headers: { "content-type": "multipart/form-data; boundary=XYZ" },
      body: '--XYZ\r\nContent-Disposition: form-data; name="a"\r\n\r\nunterminated',
    });
    expect(broken.status).toBe(400);
    expect(await broken.json()).toMatchObject({
      description: "Bad Request: can't parse multipart/form-data request body",
    });
    const file = await call(emu, token, "setMyName", { name: new Blob(["x"]) }, "multipart");
    expect(file.description).toBe('Bad Request: invalid parameter "name": name must be a String, got a file');
  });

  it("refuses a body over the limit with 413", async () => {
    const big = "x".repeat(100 * 1024);
    const answer = await call(emu, token, "sendMessage", { chat_id: 1, text: big });
    expect(answer).toMatchObject({
      status: 413,
      ok: false,
      error_code: 413,
      description: "Request Entity Too Large",
    });
  });

  it("answers Telegram's errors for chats a bot cannot reach", async () => {
    expect(await call(emu, token, "sendMessage", { chat_id: 12345, text: "hi" })).toMatchObject({
      status: 400,
      description: "Bad Request: chat not found",
    });
    const user = emu.driver.createUser({ firstName: "Stranger" });
    expect(await call(emu, token, "sendMessage", { chat_id: user.id, text: "hi" })).toMatchObject({
      status: 403,
      description: "Forbidden: bot can't initiate conversation with a user",
    });
  });

  it("never puts the token in a response or a log line", async () => {
    const lines: string[] = [];
    const logged = await start({ port: 0, log: (l) => lines.push(l) });
    const bot = logged.driver.createBot({ username: "quiet_bot" });
    const answers = [
      await call(logged, bot.token, "getMe"),
      await call(logged, bot.token, "nope"),
      await call(logged, bot.token, "sendMessage", { chat_id: "@nowhere", text: "x" }),
      await call(logged, bot.token, "getUpdates", { offset: "x" }),
    ];
    await logged.close();
    const secret = bot.token.split(":")[1] as string;
    expect(lines.length).toBe(4);
    for (const text of [...lines, ...answers.map((a) => JSON.stringify(a))])
      expect(text).not.toContain(secret);
  });
});
