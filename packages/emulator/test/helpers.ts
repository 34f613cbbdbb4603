// Plain-HTTP helpers for the tests: call a method the way any client library would.
import type { Update } from "@telepot/core";
import type { Emulator } from "../src/index.js";

/** A Bot API answer. */
export interface Answer {
  ok: boolean;
  result?: unknown;
  error_code?: number;
  description?: string;
  parameters?: { retry_after?: number };
}

/** How to send the parameters. */
export type Encoding = "json" | "form" | "query" | "multipart";

/** Calls a method with `params` encoded as asked; returns the HTTP status and the parsed body. */
export async function call(
  emu: Emulator,
  token: string,
  method: string,
  params: Record<string, unknown> = {},
  encoding: Encoding = "json",
): Promise<Answer & { status: number }> {
  const url = new URL(`${emu.apiRoot}/bot${token}/${method}`);
  const text = (v: unknown) => (typeof v === "string" ? v : JSON.stringify(v));
  let init: RequestInit = { method: "POST" };
  if (encoding === "json")
    init = { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(params) };
  else if (encoding === "form")
    init = {
      method: "POST",
      body: new URLSearchParams(Object.entries(params).map(([k, v]) => [k, text(v)])),
    };
  else if (encoding === "query") {
    for (const [k, v] of Object.entries(params)) url.searchParams.set(k, text(v));
    init = { method: "GET" };
  } else {
    const form = new FormData();
    for (const [k, v] of Object.entries(params)) form.set(k, v instanceof Blob ? v : text(v));
    init = { method: "POST", body: form };
  }
  const res = await fetch(url, init);
  return { status: res.status, ...((await res.json()) as Answer) };
}

/** Calls a method and returns its result, failing the test with the description otherwise. */
export async function ok<T = Record<string, unknown>>(
  emu: Emulator,
  token: string,
  method: string,
  params: Record<string, unknown> = {},
  encoding: Encoding = "json",
): Promise<T> {
  const answer = await call(emu, token, method, params, encoding);
  if (!answer.ok) throw new Error(`${method} failed: ${answer.status} ${answer.description}`);
  return answer.result as T;
}

/** Takes a bot's pending updates (getUpdates, then confirms them) and returns them. */
export async function drain(emu: Emulator, token: string): Promise<Update[]> {
  const all = await ok<Update[]>(emu, token, "getUpdates", {});
  if (all.length > 0) await ok(emu, token, "getUpdates", { offset: (all.at(-1)?.update_id as number) + 1 });
  return all;
}

/** An inline keyboard with a disabled button ("Sold out", Bot API 10.3) beside a working one ("Buy"). */
export const SOLD_OUT_KEYBOARD = {
  inline_keyboard: [
    [
      { text: "Sold out", callback_data: "sold", disabled: {} },
      { text: "Buy", callback_data: "buy" },
    ],
  ],
};

/** A tiny valid PNG (1x1 pixel). */
export const PNG = new Uint8Array(
  Buffer.from(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
    "base64",
  ),
);
