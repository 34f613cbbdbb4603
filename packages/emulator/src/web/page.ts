// The web chat page: markup and styles here, the behaviour in client.ts (shipped as source text).
import { webClient } from "./client.js";
import { FAVICON_DATA_URL } from "./favicon.js";

const STYLE = `
*{box-sizing:border-box}body{margin:0;font:15px/1.4 system-ui,sans-serif;background:#e9eef3;color:#1b1f23;height:100vh;display:flex;flex-direction:column}
header{display:flex;gap:8px;align-items:center;padding:8px 12px;background:#2b5278;color:#fff}header h1{font-size:16px;margin:0;flex:1}
select,button,input{font:inherit}button{cursor:pointer}
main{flex:1;display:flex;min-height:0}
#sidebar{width:300px;background:#fff;border-right:1px solid #d5dbe1;display:flex;flex-direction:column}
#chat-list{flex:1;overflow:auto}.chat-item{display:block;width:100%;text-align:left;border:0;border-bottom:1px solid #eef1f4;background:#fff;padding:10px 12px}
.chat-item.active{background:#dcebf9}.chat-title{font-weight:600}.chat-last{color:#6b7785;font-size:13px;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
#chat{flex:1;display:flex;flex-direction:column;min-width:0}#chat-head{display:flex;gap:8px;align-items:center;padding:8px 12px;background:#fff;border-bottom:1px solid #d5dbe1}
#chat-head .grow{flex:1;min-width:0}#chat-title{font-weight:600}#chat-sub{font-size:12px;color:#6b7785}
#messages{flex:1;overflow:auto;padding:12px;display:flex;flex-direction:column;gap:6px}
.msg{display:flex;flex-direction:column;max-width:78%}.msg.mine{align-self:flex-end;align-items:flex-end}.msg.theirs{align-self:flex-start}
.bubble{background:#fff;border-radius:12px;padding:6px 10px;box-shadow:0 1px 1px #0001}.mine .bubble{background:#d9f7c5}
.sender{font-size:13px;font-weight:600;color:#2b6cb0}.time{font-size:11px;color:#8a96a3;text-align:right}.meta{font-size:13px;color:#55606c}
.quote{border-left:3px solid #2b6cb0;padding-left:6px;font-size:13px;color:#55606c;margin-bottom:4px}
.text{white-space:pre-wrap;word-break:break-word}.photo{max-width:260px;max-height:260px;border-radius:8px;display:block;image-rendering:pixelated;min-width:40px;min-height:40px;background:#ccd}
.spoiler{background:#999;color:transparent}.spoiler:hover{color:inherit;background:none}.cmd{color:#2b6cb0;cursor:pointer}
.service{align-self:center;background:#0002;color:#fff;border-radius:10px;padding:2px 10px;font-size:13px}
.inline-keys{margin-top:3px;width:100%}.key-row{display:flex;gap:4px;margin-top:3px}.key{flex:1;border:0;border-radius:8px;padding:6px;background:#7b96b3;color:#fff}.key.disabled{background:#c5ced8;color:#eef1f4;cursor:not-allowed}.key.stop{margin-top:4px;background:#c0392b}.draft .bubble{opacity:.75;font-style:italic}
#keyboard{padding:0 8px;background:#f4f6f8}#keyboard:empty{display:none}.reply-key{background:#fff;color:#1b1f23;border:1px solid #cfd6dd}
#results{max-height:40vh;overflow:auto;background:#fff;border-top:1px solid #d5dbe1}.result{display:block;width:100%;text-align:left;border:0;border-bottom:1px solid #eef1f4;background:#fff;padding:8px 12px}
#composer{display:flex;gap:6px;padding:8px;background:#fff;border-top:1px solid #d5dbe1}#input{flex:1;padding:8px 10px;border:1px solid #cfd6dd;border-radius:18px}
.icon{border:0;background:none;font-size:22px;padding:0 6px;color:#2b5278;font-weight:700;cursor:pointer}.badge{font-size:11px;color:#fff;background:#7b96b3;border-radius:6px;padding:0 5px;margin-right:6px;font-weight:400}#send{border:0;border-radius:18px;background:#2b5278;color:#fff;padding:0 16px}
#toast{position:fixed;left:50%;top:60px;transform:translateX(-50%);width:max-content;max-width:calc(100vw - 32px);background:#000c;color:#fff;padding:8px 14px;border-radius:8px;opacity:0;transition:opacity .2s;pointer-events:none}#toast.show{opacity:1}
#empty{padding:16px;color:#55606c}#back{display:none}
header h1{white-space:nowrap;overflow:hidden;text-overflow:ellipsis;min-width:0}header label{white-space:nowrap}
#new-user{border:1px solid #fff8;border-radius:8px;background:none;color:#fff;padding:3px 10px;white-space:nowrap}#new-group{margin:8px;border:0;border-radius:8px;padding:8px;background:#2b5278;color:#fff}
#composer input:disabled,#composer button:disabled{cursor:not-allowed}#input:disabled{background:#f1f3f5}#send:disabled{background:#9aabbd}.attach.disabled{color:#9aabbd;pointer-events:none}
`;

/** The in-page dialogs (new user, new group). */
const DIALOG_STYLE = `
dialog{border:0;border-radius:12px;padding:16px;width:min(360px,calc(100vw - 32px));box-shadow:0 8px 30px #0004}dialog::backdrop{background:#0005}
dialog h2{font-size:17px;margin:0 0 12px}dialog label{display:block;margin-bottom:10px;font-size:14px;color:#55606c}
dialog input[type=text]{display:block;width:100%;margin-top:4px;padding:8px 10px;border:1px solid #cfd6dd;border-radius:8px;color:#1b1f23}
dialog fieldset{border:1px solid #d5dbe1;border-radius:8px;margin:0 0 12px;padding:6px 10px;max-height:40vh;overflow:auto}dialog legend{font-size:14px;color:#55606c}
dialog fieldset label{display:flex;gap:8px;align-items:center;margin:4px 0;color:#1b1f23}
.dialog-buttons{display:flex;justify-content:flex-end;gap:8px}.dialog-buttons button{border:0;border-radius:8px;padding:8px 14px;background:#e4e9ee}.dialog-buttons button[value=ok]{background:#2b5278;color:#fff}
`;

/** The narrow-screen layout: the chat list and the open chat take turns. */
const PHONE_STYLE = `
@media (max-width:700px){#sidebar{width:100%}#chat{display:none}body.in-chat #sidebar{display:none}body.in-chat #chat{display:flex}#back{display:inline}}
`;

/** The dialogs' markup: forms the client shows with showModal() instead of window.prompt. */
const DIALOGS = `
<dialog id="user-dialog" aria-labelledby="user-dialog-title"><form method="dialog"><h2 id="user-dialog-title">New user</h2>
  <label>Name <input type="text" name="first_name" required autocomplete="off"></label>
  <label>Username (optional) <input type="text" name="username" pattern="[A-Za-z0-9_]{0,32}" autocomplete="off"></label>
  <div class="dialog-buttons"><button value="cancel" formnovalidate>Cancel</button><button value="ok">Create</button></div></form></dialog>
<dialog id="group-dialog" aria-labelledby="group-dialog-title"><form method="dialog"><h2 id="group-dialog-title">New group</h2>
  <label>Title <input type="text" name="title" required autocomplete="off"></label>
  <fieldset><legend>Members</legend><div id="group-members"></div></fieldset>
  <div class="dialog-buttons"><button value="cancel" formnovalidate>Cancel</button><button value="ok">Create</button></div></form></dialog>
`;

const BODY = `
<header><h1>Telepot emulator</h1><label>You are <select id="user" aria-label="user"></select></label><button id="new-user" title="New user">+ User</button></header>
<main>
  <nav id="sidebar"><div id="empty" hidden>No users yet: create one with "+ User".</div><div id="chat-list"></div><button id="new-group">+ New group</button></nav>
  <section id="chat">
    <div id="chat-head"><button id="back" class="icon" aria-label="back">←</button><div class="grow"><div id="chat-title">Pick a chat</div><div id="chat-sub"></div></div><select id="speak-as" aria-label="speak as" hidden></select></div>
    <div id="messages"></div>
    <div id="results" hidden></div>
    <div id="keyboard"></div>
    <form id="composer"><button type="button" id="commands" class="icon" title="Commands" hidden>/</button><label class="icon attach disabled" title="Send a file">+<input id="file" type="file" hidden disabled></label><input id="input" autocomplete="off" placeholder="Pick a chat to write in it" disabled><button id="send" disabled>Send</button></form>
  </section>
</main>
<div id="toast"></div>
${DIALOGS}
`;

/** The complete HTML of the web chat. */
export const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Telepot emulator</title><link rel="icon" href="${FAVICON_DATA_URL}"><style>${STYLE}${DIALOG_STYLE}${PHONE_STYLE}</style></head>
<body>${BODY}<script>(${webClient.toString()})();</script></body></html>
`;
