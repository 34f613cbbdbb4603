// The one default error reporter of telepot: a loop's handler failing on an update and a
// conversation's delegate failing both end up here unless the user passes an onError.
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

/** Default onError everywhere: one console.error line saying where it failed, then the error. */
export function logError(error: unknown, site?: ErrorSite | UpdateSite): void {
  if (site === undefined) console.error("telepot:", error);
  else if ("update" in site)
    console.error(`telepot: the handler failed on update ${site.update.update_id} (${site.kind}):`, error);
  else {
    const who = site.delegate ?? "delegate";
    const seed = site.seed === undefined ? "" : ` for seed ${describeSeed(site.seed as Seed)}`;
    console.error(`telepot: ${who}${seed} failed (${site.phase}):`, error);
  }
}
