// One game per chat: the first message starts it, each text is a guess, a right guess or an idle
// timeout ends it (the next message then starts a new game with a new number).
import {
  ChatHandler,
  type HandlerContext,
  type HandlerOptions,
  type Message,
  type Persistent,
} from "@telepot/async";
import type { Logger } from "@telepot/service";
import { Game, GREETING } from "./game.ts";

/** Picks the secret: an integer from 0 to 99 inclusive. */
export type SecretSource = () => number;

/** What survives a restart of the service: the number to find. */
export interface SavedGame {
  readonly secret: number;
}

/** The conversation handler of one game; its game survives a restart (kill -9 included). */
export class Player extends ChatHandler implements Persistent<SavedGame> {
  #game: Game;
  readonly #logger: Logger;

  /** A game in the chat of `ctx`, with a secret from `pick`. */
  constructor(ctx: HandlerContext, pick: SecretSource, logger: Logger, options: HandlerOptions) {
    super(ctx, options);
    this.#game = new Game(pick());
    this.#logger = logger.child({ chat: this.chatId });
  }

  /** The game to save after each handled message. */
  snapshot(): SavedGame {
    return { secret: this.#game.secret };
  }

  /**
   * Resumes a saved game (instead of the freshly picked one). At debug level: after a restart this
   * happens once per game, but a cluster worker restores the game for every message it handles.
   */
  restore(saved: SavedGame): void {
    this.#game = new Game(saved.secret);
    this.#logger.debug("game resumed");
  }

  /** Greets; returning true keeps the first message from counting as a guess. */
  override async open(): Promise<boolean> {
    await this.sender.sendMessage(GREETING);
    this.#logger.info("game started");
    return true;
  }

  /** A guess (or something that is not a number). */
  override async onChatMessage(msg: Message): Promise<void> {
    const turn = this.#game.play(msg.text);
    await this.sender.sendMessage(turn.reply);
    if (turn.won) {
      this.#logger.info("game won");
      this.close();
    }
  }

  /** Nobody guessed for `timeout` seconds: reveal the number; the conversation then ends. */
  override async onIdle(): Promise<void> {
    await this.sender.sendMessage(this.#game.expired());
    this.#logger.info("game expired");
  }
}
