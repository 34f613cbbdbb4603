// `./dev demo`: for now, shows flavor/glance/flance of @telepot/core's built output on a few sample
// updates. The full demo (the example bots against the local emulator, with its web chat) replaces this
// once the emulator exists.
import type * as Core from "../packages/core/src/index.ts";

// The built package, not the sources: the demo runs what users get. `./dev demo` builds it first.
const core = (await import(new URL("../packages/core/dist/index.js", import.meta.url).href)) as typeof Core;

const alice = { id: 123456789, is_bot: false, first_name: "Alice" };
const group = { id: -4012345678, type: "group", title: "Book club" };

const samples: Core.Update[] = [
  { update_id: 1, message: { message_id: 11, from: alice, chat: group, date: 1790000000, text: "/start" } },
  {
    update_id: 2,
    edited_message: {
      message_id: 12,
      from: alice,
      chat: group,
      date: 1790000060,
      edit_date: 1790000090,
      photo: [{ file_id: "AgAC", file_unique_id: "AQAD", width: 640, height: 480 }],
      caption: "Sunset",
    },
  },
  { update_id: 3, inline_query: { id: "4613720651532619111", from: alice, query: "cats", offset: "" } },
  {
    update_id: 4,
    callback_query: { id: "4613720651532619222", from: alice, chat_instance: "-82634756", data: "vote:yes" },
  },
  {
    update_id: 5,
    poll_answer: {
      poll_id: "5172374822958530563",
      user: alice,
      option_ids: [0],
      option_persistent_ids: ["o1"],
    },
  },
  { update_id: 6, some_future_kind: { hello: "world" } } as Core.Update,
];

console.log(`@telepot/core for Bot API ${core.API_VERSION}: flavor, glance and flance of sample updates\n`);
for (const update of samples) {
  const [kind, payload] = core.unwrapUpdate(update);
  if (kind === "unknown") {
    console.log(`update ${update.update_id}: unknown kind ${JSON.stringify(payload.kind)}, kept as data`);
    continue;
  }
  const flavor = core.flavor(payload);
  let glanced: string;
  try {
    glanced = JSON.stringify(core.glance(payload, undefined, { long: true }));
  } catch (error) {
    glanced = error instanceof core.BadFlavor ? `(glance does not read a ${flavor})` : String(error);
  }
  console.log(`update ${update.update_id}: ${kind} -> flavor ${flavor}, long glance ${glanced}`);
}
const event = { _idle: { seconds: 10 } };
console.log(`an event object -> flavor ${core.flavor(event)} (isEvent: ${core.isEvent(core.flavor(event))})`);
console.log(`flance of the first message: ${JSON.stringify(core.flance(samples[0]!.message!))}`);
console.log(
  "\nThe full demo (example bots against the local emulator, with its web chat) comes with the emulator.",
);
