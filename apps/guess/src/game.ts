// One game of guess-a-number as plain state, with the exact strings of the seed: the async and the
// blocking Player only carry its replies to the chat.
import { hint, parseGuess } from "./number.ts";

/** The greeting that opens a game. */
export const GREETING = "Guess my number";
/** The reply to anything that is not an integer. */
export const NOT_A_NUMBER = "Give me a number, please.";

/** What a guess gets: the reply, and whether the game is won (and so over). */
export interface Turn {
  readonly reply: string;
  readonly won: boolean;
}

/** The state of one game. */
export class Game {
  /** The number to find, 0-99. */
  readonly secret: number;

  /** A game around `secret`. */
  constructor(secret: number) {
    this.secret = secret;
  }

  /** The reply to a message: a hint, Correct!, or a request for a number (text undefined: not text). */
  play(text: string | undefined): Turn {
    const guess = text === undefined ? undefined : parseGuess(text);
    if (guess === undefined) return { reply: NOT_A_NUMBER, won: false };
    const reply = hint(this.secret, guess);
    return { reply, won: reply === "Correct!" };
  }

  /** The message when the game expires unfinished. */
  expired(): string {
    return `Game expired. The answer is ${this.secret}`;
  }
}
