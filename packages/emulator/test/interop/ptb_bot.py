"""The interop bot (see scenario.ts) written with python-telegram-bot 13 (Debian's package).

Run as: /usr/bin/python3 ptb_bot.py <api root> <token> <wrong token>, with the PNG to send in the
INTEROP_PNG_B64 environment variable. It first calls getMe with the wrong token and prints what
the library raised, then prints "ready" once polling runs.
"""
import base64
import json
import os
import sys

from telegram import (
    Bot,
    ChatAction,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputMediaPhoto,
    InputTextMessageContent,
    ParseMode,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
)
from telegram.error import TelegramError
from telegram.ext import CallbackQueryHandler, CommandHandler, Filters, InlineQueryHandler, MessageHandler, Updater

API_ROOT, TOKEN, WRONG_TOKEN = sys.argv[1:4]
PNG = base64.b64decode(os.environ["INTEROP_PNG_B64"])


def report(**fields):
    print(json.dumps(fields), flush=True)


def start(update, context):
    update.message.reply_text(f"Hi {update.effective_user.first_name}", reply_markup=ReplyKeyboardMarkup([["Yes", "No"]]))


def menu(update, context):
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Ping", callback_data="ping")]])
    update.message.reply_text("menu", reply_markup=keyboard)


def ping(update, context):
    update.callback_query.answer("pong")
    update.callback_query.edit_message_text("pinged")


def bold(update, context):
    update.message.reply_text("<b>bold</b> move", parse_mode=ParseMode.HTML)


def photo(update, context):
    update.message.reply_photo(PNG, caption="png")


def album(update, context):
    update.message.reply_media_group([InputMediaPhoto(PNG), InputMediaPhoto(PNG)])


def typing(update, context):
    context.bot.send_chat_action(update.effective_chat.id, ChatAction.TYPING)
    update.message.reply_text("typed")


def delete(update, context):
    update.message.reply_text("temp").delete()
    update.message.reply_text("deleted")


def hide(update, context):
    update.message.reply_text("hidden", reply_markup=ReplyKeyboardRemove())


def got_photo(update, context):
    data = update.message.photo[-1].get_file().download_as_bytearray()
    update.message.reply_text(f"got {len(data)} bytes")


def echo(update, context):
    update.message.reply_text(f"you said: {update.message.text}", quote=True)


def inline(update, context):
    query = update.inline_query.query
    result = InlineQueryResultArticle(id="1", title="Echo", input_message_content=InputTextMessageContent(f"echo: {query}"))
    update.inline_query.answer([result], cache_time=0)


def main():
    try:
        Bot(WRONG_TOKEN, base_url=f"{API_ROOT}/bot").get_me()
        report(wrong_token="accepted")
    except TelegramError as error:
        report(wrong_token=f"{type(error).__name__}: {error.message}")
    updater = Updater(TOKEN, base_url=f"{API_ROOT}/bot", base_file_url=f"{API_ROOT}/file/bot", use_context=True)
    handlers = updater.dispatcher
    for name, handler in [("start", start), ("menu", menu), ("bold", bold), ("photo", photo), ("album", album),
                          ("typing", typing), ("delete", delete), ("hide", hide)]:
        handlers.add_handler(CommandHandler(name, handler))
    handlers.add_handler(CallbackQueryHandler(ping, pattern="^ping$"))
    handlers.add_handler(MessageHandler(Filters.photo, got_photo))
    handlers.add_handler(MessageHandler(Filters.text & ~Filters.command, echo))
    handlers.add_handler(InlineQueryHandler(inline))
    handlers.add_error_handler(lambda update, context: report(error=repr(context.error)))
    updater.start_polling(poll_interval=0, timeout=1)
    report(ready=True)
    updater.idle()


main()
