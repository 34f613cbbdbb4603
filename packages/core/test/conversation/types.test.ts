// Compile-time checks of the conversation API's typing (tsc runs them in `typecheck`), with a
// run-time smoke test so vitest has something to execute.
import { describe, expect, expectTypeOf, it } from "vitest";
import {
  type ApiCalls,
  ChatHandler,
  createOpen,
  type DelegateFactory,
  Editor,
  type HandlerContext,
  type HandlerOptions,
  type Message,
  Monitor,
  Sender,
  UserHandler,
} from "../../src/index.js";
import { fakeBot } from "./fake-bot.js";

class WithStore extends ChatHandler {
  constructor(
    ctx: HandlerContext,
    readonly store: string[],
    options?: HandlerOptions,
  ) {
    super(ctx, options);
  }
}

class Blocking extends ChatHandler<"blocking"> {
  override onChatMessage(_msg: Message) {
    const sent = this.sender.sendMessage("hi");
    expectTypeOf(sent).toEqualTypeOf<Message>();
  }
}

describe("conversation typing", () => {
  it("createOpen checks the handler's constructor arguments and infers the call mode", () => {
    // A ready-made (generic) handler class fits either driver.
    expectTypeOf(createOpen(ChatHandler, { timeout: 10 })).toMatchTypeOf<DelegateFactory<"async">>();
    expectTypeOf(createOpen(ChatHandler, { timeout: 10 })).toMatchTypeOf<DelegateFactory<"blocking">>();
    expectTypeOf(createOpen(Monitor, { chat__id: 1 })).toMatchTypeOf<DelegateFactory<"async">>();
    expectTypeOf(createOpen(WithStore, [], { timeout: 1 })).toEqualTypeOf<DelegateFactory<"async">>();
    expectTypeOf(createOpen(Blocking)).toEqualTypeOf<DelegateFactory<"blocking">>();
    expectTypeOf(createOpen(UserHandler, { flavors: ["inline_query"] })).toMatchTypeOf<
      DelegateFactory<"async">
    >();
    // @ts-expect-error the store argument is missing
    createOpen(WithStore, { timeout: 1 });
    // @ts-expect-error timeout is a number of seconds
    createOpen(ChatHandler, { timeout: "10" });
    expect(typeof createOpen(ChatHandler)).toBe("function");
  });

  it("bound methods drop exactly the bound parameters", () => {
    const bot = fakeBot().bot as ApiCalls<"async">;
    const sender = new Sender(bot, 1);
    // Compile-time only (never called): chat_id is bound, so the first argument is the text.
    const wrong = () =>
      // @ts-expect-error a number is not the text
      sender.sendMessage(1, "text");
    expect(typeof wrong).toBe("function");
    expectTypeOf(sender.forwardMessage).parameters.toMatchTypeOf<[number | string, number, ...unknown[]]>();
    const editor = new Editor(bot, { chat_id: 1, message_id: 2 });
    // Every parameter of deleteMessage is bound: it takes no argument at all.
    expectTypeOf(editor.deleteMessage).parameters.toEqualTypeOf<[]>();
    // @ts-expect-error an Editor has no send methods
    void editor.sendMessage;
    expect(typeof sender.sendMessage).toBe("function");
  });
});
