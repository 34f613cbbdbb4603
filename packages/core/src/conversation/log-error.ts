// The one default error reporter of telepot: a loop's handler failing on an update, a
// conversation's delegate failing, an inbox or a Redis component's trouble all end up here unless
// the user passes an onError; and when a user's reporter itself fails, the console says so here.
import type { ErrorSite } from "./delegate.js";
import { describeSeed, type Seed } from "./seeds.js";

/** Where a handler failed: the update it was handling and its kind (what a message loop knows). */
export interface UpdateSite {
  /** The update the handler was given. */
  readonly update: {
    /** The update's id. */
    readonly update_id: number;
  };
  /** The update's kind (`message`, `callback_query`, ...). */
  readonly kind: string;
}

/**
 * Default onError everywhere: one console.error line saying where it failed, then the error. The
 * site is what the caller knows: a delegate's, an update's, or the name of the component that
 * failed ("redis worker").
 */
export function logError(error: unknown, site?: ErrorSite | UpdateSite | string): void {
  if (site === undefined) console.error("telepot:", error);
  else if (typeof site === "string") console.error(`telepot ${site}:`, error);
  else if ("update" in site)
    console.error(`telepot: the handler failed on update ${site.update.update_id} (${site.kind}):`, error);
  else {
    const who = site.delegate ?? "delegate";
    const seed = site.seed === undefined ? "" : ` for seed ${describeSeed(site.seed as Seed)}`;
    console.error(`telepot: ${who}${seed} failed (${site.phase}):`, error);
  }
}

/**
 * The last resort when a reporter (a user's onError) throws while reporting `error`: both go to the
 * console, so neither is lost and the loop that reported goes on.
 */
export function logReporterFailure(what: string, failure: unknown, error: unknown): void {
  console.error(`telepot: ${what} failed:`, failure, "while reporting:", error);
}
