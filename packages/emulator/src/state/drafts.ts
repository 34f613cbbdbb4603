// Message drafts a bot streams while it generates a message (sendMessageDraft,
// sendRichMessageDraft). A draft sent with `can_stop` offers the user a stop button; pressing it
// sends the bot a `stopped_message_generation` update. A draft goes when its bot sends a message in
// the chat, or when it is stopped (unless it was sent with `keep_on_stop`).

/** A draft shown in a chat. */
export interface DraftRecord {
  /** The bot's identifier of the draft (non-zero). */
  draftId: number;
  /** The bot streaming it. */
  botId: number;
  /** The key of the chat it is shown in. */
  chatKey: string;
  /** The message thread it is generated in, if the bot named one. */
  messageThreadId?: number;
  /** The text generated so far. */
  text: string;
  /** Whether the user is offered a button that stops the generation. */
  canStop: boolean;
  /** Whether the draft stays in the chat after it was stopped. */
  keepOnStop: boolean;
  /** Set once the user stopped it. */
  stopped: boolean;
}

/** The drafts of every chat, by chat, bot and draft id. */
export class DraftBoard {
  private readonly drafts = new Map<string, DraftRecord>();

  private static key(chatKey: string, botId: number, draftId: number): string {
    return `${chatKey}:${botId}:${draftId}`;
  }

  /** Shows a draft, replacing the one with the same id. */
  put(draft: DraftRecord): void {
    this.drafts.set(DraftBoard.key(draft.chatKey, draft.botId, draft.draftId), draft);
  }

  /** The drafts shown in a chat, oldest first. */
  of(chatKey: string): DraftRecord[] {
    return [...this.drafts.values()].filter((d) => d.chatKey === chatKey);
  }

  /** Removes a draft. */
  remove(draft: DraftRecord): void {
    this.drafts.delete(DraftBoard.key(draft.chatKey, draft.botId, draft.draftId));
  }

  /** Removes a bot's drafts in a chat (the bot sent a message there); true if there were any. */
  clear(chatKey: string, botId: number): boolean {
    const gone = this.of(chatKey).filter((d) => d.botId === botId);
    for (const d of gone) this.remove(d);
    return gone.length > 0;
  }
}
