// InboxStates: state changes wait for their update's commit, and a conversation reopening before
// that commit sees them (not the older committed state); changes with no update commit at once.
import { describe, expect, it } from "vitest";
import {
  type HandledUpdate,
  InboxStates,
  type StoredState,
  type SyncInbox,
  type Update,
} from "../src/index.js";

/** An inbox that only keeps states, committed by complete(). */
class StateOnlyInbox implements SyncInbox {
  readonly saved = new Map<string, StoredState>();
  commits = 0;
  append(): readonly Update[] {
    return [];
  }
  pending(): readonly Update[] {
    return [];
  }
  complete(handled: readonly HandledUpdate[]): void {
    this.commits++;
    for (const h of handled) {
      for (const c of h.states ?? []) {
        if (c.value === undefined) this.saved.delete(c.key);
        else this.saved.set(c.key, { key: c.key, value: c.value });
      }
    }
  }
  backlog(): number {
    return 0;
  }
  loadState(key: string): StoredState | undefined {
    return this.saved.get(key);
  }
  states(): readonly StoredState[] {
    return [...this.saved.values()];
  }
  close(): void {}
}

describe("InboxStates", () => {
  it("holds a change for its update's commit; a load meanwhile sees it, as a copy", () => {
    const inbox = new StateOnlyInbox();
    const states = new InboxStates(inbox);
    const msg = { text: "a" };
    states.track(msg);
    const snapshot = { n: 1 };
    states.record(msg, { key: "k", value: snapshot });
    expect(inbox.commits).toBe(0);
    const loaded = states.load("k") as StoredState;
    expect(loaded.value).toEqual({ n: 1 });
    expect(loaded.value).not.toBe(snapshot);
    const changes = states.take(msg)!;
    inbox.complete([{ updateId: 1, states: changes }]);
    states.saved(changes);
    expect((states.load("k") as StoredState).value).toEqual({ n: 1 });
  });

  it("a removal not yet committed hides the committed state (a won game does not come back)", () => {
    const inbox = new StateOnlyInbox();
    inbox.saved.set("k", { key: "k", value: { secret: 7 } });
    const states = new InboxStates(inbox);
    const msg = { text: "7" };
    states.track(msg);
    states.record(msg, { key: "k" });
    expect(states.load("k")).toBeUndefined();
    expect(inbox.loadState("k")?.value).toEqual({ secret: 7 });
  });

  it("commits a change that no tracked update carries at once", () => {
    const inbox = new StateOnlyInbox();
    const states = new InboxStates(inbox);
    states.record(undefined, { key: "k", value: 1 });
    states.record({ untracked: true }, { key: "j", value: 2 });
    expect(inbox.commits).toBe(2);
    expect(inbox.states().map((s) => s.key)).toEqual(["k", "j"]);
  });
});
