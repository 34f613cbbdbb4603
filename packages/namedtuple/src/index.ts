// @telepot/namedtuple: a builder for every Bot API type a bot sends, named as the type:
// `InlineQueryResultArticle({ id, title, input_message_content })` returns the plain object, with
// `type: "article"` filled in and its fields checked. Builder output and hand-written objects are
// interchangeable wherever a Bot method takes one. Every builder is a pure, separate export, so a
// bundler keeps only the ones a program uses.
export type { Builder, OptionalBuilder } from "./builder.js";
export * from "./generated/builders.js";
export {
  type ButtonStyle,
  InlineKeyboard,
  type InlineKeyboardInput,
  InlineKeyboardMarkup,
  type ReplyKeyboardFields,
  ReplyKeyboardHide,
  ReplyKeyboardMarkup,
  type ReplyKeyboardOptions,
  type ReplyKeyboardRow,
} from "./keyboard.js";
export { InvalidFieldError } from "./validate.js";
