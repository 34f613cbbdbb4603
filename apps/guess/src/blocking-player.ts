// The same game in the traditional blocking style (@telepot/blocking): each send returns the sent
// message directly, so the handler methods are plain synchronous code.
import { ChatHandler, type HandlerContext, type HandlerOptions, type Message } from "@telepot/blocking";
import type { Logger } from "@telepot/service";
import { Game, GREETING } from "./game.ts";
import type { SecretSource } from "./player.ts";

/** The blocking conversation handler of one game. */
export class BlockingPlayer extends ChatHandler<"blocking"> {
  readonly #game: Game;
  readonly #logger: Logger;

  /** A game in the chat of `ctx`, with a secret from `pick`. */
  constructor(ctx: HandlerContext<"blocking">, pick: SecretSource, logger: Logger, options: HandlerOptions) {
    super(ctx, options);
    this.#game = new Game(pick());
    this.#logger = logger.child({ chat: this.chatId });
  }

  /** Greets; returning true keeps the first message from counting as a guess. */
  override open(): boolean {
    this.sender.sendMessage(GREETING);
    this.#logger.info("game started");
    return true;
  }

  /** A guess (or something that is not a number). */
  override onChatMessage(msg: Message): void {
    const turn = this.#game.play(msg.text);
    this.sender.sendMessage(turn.reply);
    if (turn.won) {
      this.#logger.info("game won");
      this.close();
    }
  }

  /** Nobody guessed for `timeout` seconds: reveal the number; the conversation then ends. */
  override onIdle(): void {
    this.sender.sendMessage(this.#game.expired());
    this.#logger.info("game expired");
  }
}
