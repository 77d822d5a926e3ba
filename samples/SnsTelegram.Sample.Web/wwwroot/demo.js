// The demo page: plain JavaScript, no build step. Everything it shows comes from the sample's HTTP API.
"use strict";

const $ = (id) => document.getElementById(id);
const state = {
  token: sessionStorage.getItem("demo.token"), user: sessionStorage.getItem("demo.user"), config: null, chatSignature: "",
  linkToken: null, linkTarget: "private", chatView: sessionStorage.getItem("demo.chat") === "team" ? "team" : "bot", topic: "all",
};

function toast(message, isError) {
  const el = $("toast");
  el.textContent = message;
  el.className = "toast" + (isError ? " error" : "");
  el.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { el.hidden = true; }, 3500);
}

function chatToast(message) {
  // what Telegram shows for a button's answer: a short notice over the chat
  const el = $("chat-toast");
  el.textContent = message;
  el.hidden = false;
  clearTimeout(chatToast.timer);
  chatToast.timer = setTimeout(() => { el.hidden = true; }, 3000);
}

async function api(method, path, body) {
  const headers = { "Accept": "application/json" };
  if (state.token) headers["Authorization"] = "Bearer " + state.token;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch { data = null; }
  if (!response.ok) {
    if (response.status === 401 && path !== "/dev/token") signOut();
    throw new Error((data && (data.message || data.title)) || ("HTTP " + response.status));
  }
  return data;
}

function guard(fn) {
  return async (...args) => {
    try { await fn(...args); } catch (e) { toast(e.message, true); }
  };
}

function formatTime(value) {
  if (!value) return "";
  const d = typeof value === "number" ? new Date(value * 1000) : new Date(value);
  return d.toLocaleString([], { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", second: "2-digit" });
}

function cell(text, className) {
  const td = document.createElement("td");
  if (className) td.className = className;
  if (text instanceof Node) td.append(text); else td.textContent = text ?? "";
  return td;
}

function statusTag(status) {
  const span = document.createElement("span");
  span.className = "status " + status;
  span.textContent = status;
  return span;
}

// ---- sign in ----------------------------------------------------------------------------------

function setSignedIn() {
  const signedIn = !!state.token;
  $("whoami").hidden = !signedIn;
  $("whoami-name").textContent = state.user || "";
  $("signin-card").hidden = signedIn;
  document.querySelectorAll("[data-needs-auth]").forEach((el) => el.classList.toggle("disabled", !signedIn));
  if (signedIn) { refreshStatus(); refreshPosts(); refreshRules(); refreshChat(); refreshDigest(); }
  const operator = signedIn && isOperator(state.token);
  $("tabs").hidden = !operator;
  ops.samples = []; ops.points = []; ops.pending = null;
  showView(operator && sessionStorage.getItem("demo.view") === "ops" ? "ops" : "demo");
}

function signOut() {
  state.token = null; state.user = null; state.chatSignature = ""; state.topic = "all";
  sessionStorage.removeItem("demo.token"); sessionStorage.removeItem("demo.user");
  $("link-box").hidden = true;
  renderChat({ messages: [] });
  setSignedIn();
}

async function signIn(event) {
  event.preventDefault();
  const user = $("user").value.trim();
  const result = await api("POST", "/dev/token", { user, operator: $("operator").checked });
  state.token = result.token; state.user = result.user;
  sessionStorage.setItem("demo.token", state.token); sessionStorage.setItem("demo.user", state.user);
  setSignedIn();
}

function useToken(event) {
  event.preventDefault();
  const token = $("raw-token").value.trim();
  if (!token) return;
  let user = "token";
  try { user = JSON.parse(atob(token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/"))).sub || user; } catch { /* opaque token */ }
  state.token = token; state.user = user;
  sessionStorage.setItem("demo.token", token); sessionStorage.setItem("demo.user", user);
  setSignedIn();
}

// ---- Telegram ---------------------------------------------------------------------------------

async function refreshStatus() {
  if (!state.token) return;
  const pill = $("link-status"), detail = $("link-detail");
  try {
    const s = await api("GET", "/api/telegram/status");
    if (s.telegram_chat_id && s.telegram_enabled) {
      pill.textContent = "linked"; pill.className = "pill ok";
      const group = s.chat_type && s.chat_type !== "private";
      detail.textContent = (group ? "team group · " : "") + "chat " + s.telegram_chat_id + (s.linked_at ? " · since " + formatTime(s.linked_at) : "");
      $("link-box").hidden = true;
    } else if (s.telegram_chat_id) {
      pill.textContent = "notifications off"; pill.className = "pill off";
      detail.textContent = "chat " + s.telegram_chat_id + " · send /start to turn them on";
    } else {
      pill.textContent = "not linked"; pill.className = "pill";
      detail.textContent = "";
    }
    showSettings(s);
  } catch (e) {
    pill.textContent = "unavailable"; pill.className = "pill off";
    detail.textContent = e.message;
  }
}

// ---- settings ---------------------------------------------------------------------------------

function showSettings(s) {
  const card = $("settings-card");
  card.classList.toggle("unlinked", !s.telegram_chat_id);
  if (card.contains(document.activeElement) || state.settingsDirty) return; // keep what the user is typing
  $("set-language").value = s.language || "en";
  $("set-time-zone").value = s.time_zone || "";
  $("set-report-time").value = s.daily_report_time || "";
  const muted = new Set(s.muted_types || []);
  document.querySelectorAll("#set-muted input").forEach((box) => { box.checked = muted.has(box.value); });
  $("set-quiet").checked = !!s.quiet_hours;
  if (s.quiet_hours) {
    $("set-quiet-start").value = s.quiet_hours.start; $("set-quiet-end").value = s.quiet_hours.end;
    $("set-quiet-mode").value = s.quiet_hours.mode || "silent";
    $("set-quiet-urgent").checked = !!s.quiet_hours.urgent_bypass;
  }
  const digest = String(s.digest_minutes || 0);
  if (![...$("set-digest").options].some((o) => o.value === digest)) $("set-digest").append(new Option("every " + digest + " minutes", digest));
  $("set-digest").value = digest;
}

async function saveSettings(event) {
  event.preventDefault();
  const body = {
    language: $("set-language").value,
    time_zone: $("set-time-zone").value.trim() || null,
    daily_report_time: $("set-report-time").value || null,
    muted_types: [...document.querySelectorAll("#set-muted input:checked")].map((box) => box.value),
    quiet_hours: $("set-quiet").checked
      ? { start: $("set-quiet-start").value, end: $("set-quiet-end").value, mode: $("set-quiet-mode").value, urgent_bypass: $("set-quiet-urgent").checked }
      : null,
    digest_minutes: Number($("set-digest").value),
  };
  const s = await api("PATCH", "/api/telegram/settings", body);
  state.settingsDirty = false;
  showSettings(s);
  toast("Settings saved");
}

// hold-mode quiet hours from now (the minute, in the user's time zone) for an hour, saved at once
async function quietNow() {
  const zone = $("set-time-zone").value.trim() || "UTC";
  const inZone = (d) => {
    try { return d.toLocaleTimeString("en-GB", { timeZone: zone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }); }
    catch { return d.toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit", hourCycle: "h23" }); } // an unknown zone: the browser's
  };
  const now = new Date();
  $("set-quiet").checked = true;
  $("set-quiet-start").value = inZone(now);
  $("set-quiet-end").value = inZone(new Date(now.getTime() + 3600000));
  $("set-quiet-mode").value = "hold";
  $("set-quiet-urgent").checked = false;
  await saveSettings({ preventDefault() {} });
  toast("Quiet hours until " + $("set-quiet-end").value + ": notifications are held");
}

// ---- digest and held messages ------------------------------------------------------------------

const TYPE_NAMES = { post_success: "Post published", post_failure: "Post failed", automation_executed: "Automation ran" };

function hhmm(value) { return new Date(value).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", hourCycle: "h23" }); }

function showDigest(d) {
  const windows = d.windows || [];
  const events = windows.reduce((n, w) => n + w.events, 0);
  const held = windows.filter((w) => w.held);
  const pill = $("digest-state"), detail = $("digest-detail");
  if (windows.length === 0) {
    pill.textContent = "nothing collected"; pill.className = "pill";
    detail.textContent = "notifications go out one by one";
  } else if (held.length) {
    const until = held.reduce((a, w) => (a && a > w.closes_at ? a : w.closes_at), null);
    pill.textContent = events + " held"; pill.className = "pill warn";
    detail.textContent = "held until " + hhmm(until) + " (quiet hours), then delivered as one digest";
  } else {
    pill.textContent = events + " collected"; pill.className = "pill ok";
    detail.textContent = "one digest at " + hhmm(windows[0].closes_at);
  }
  const list = $("digest-items");
  list.replaceChildren(...windows.flatMap((w) => w.items.map((i) => {
    const li = document.createElement("li");
    li.className = i.failed ? "failed" : "";
    li.textContent = (TYPE_NAMES[i.type] || i.type) + (i.platform ? " · " + i.platform : "") + (i.title ? " · " + i.title : "");
    return li;
  })));
  $("close-digest").disabled = windows.length === 0;
  $("end-quiet").hidden = !(held.length || $("set-quiet").checked);
}

async function refreshDigest() {
  if (!state.token) return;
  try { showDigest(await api("GET", "/demo/digest")); } catch { /* next poll */ }
}

async function closeDigest() {
  const r = await api("POST", "/demo/digest/close-now", {});
  toast(r.closed ? "Digest closed: one message is on its way" : "Nothing to close");
  await refreshDigest(); refreshChatSoon();
}

// ends the quiet hours (PATCH settings without them), then closes the held window: its digest goes out at once
async function endQuiet() {
  const s = await api("PATCH", "/api/telegram/settings", { quiet_hours: null });
  state.settingsDirty = false;
  showSettings(s);
  const r = await api("POST", "/demo/digest/close-now", {});
  toast("Quiet hours ended" + (r.closed ? ": what was held arrives as one digest" : ""));
  await refreshDigest(); refreshChatSoon();
}

async function reportNow() {
  const r = await api("POST", "/demo/report-now", {});
  toast(r.telegram === "Queued" ? "Today's report (" + r.posts + " posts so far) is on its way" : "Report not sent: " + r.telegram);
  refreshChatSoon();
}

async function linkTelegram() { await showLink("private"); }

async function linkTeam() { await showLink("group"); }

// target "private": a start link for the user's own chat; "group": a startgroup link that adds the bot to a group
async function showLink(target) {
  const link = await api("GET", "/api/telegram/link-account" + (target === "group" ? "?target=group" : ""));
  state.linkToken = link.token;
  state.linkTarget = target;
  $("link-hint").innerHTML = target === "group"
    ? "Open this link in Telegram (or scan the code) and choose the group to add the bot to; you must be its administrator:"
    : "Open this link in Telegram (or scan the code) and press <strong>Start</strong>:";
  $("press-start").textContent = target === "group" ? "Add the bot to the team group" : "Press Start in the simulated chat";
  $("link-url").textContent = link.linking_url;
  $("link-url").href = link.linking_url;
  $("link-qr").src = "/demo/qr?text=" + encodeURIComponent(link.linking_url);
  $("link-expiry").textContent = link.expires_at ? formatTime(link.expires_at) : "a few minutes";
  $("link-box").hidden = false;
  // offline, the link and the QR code open the simulated chat instead of real Telegram
  $("link-box").classList.toggle("opens-chat", state.config.mode === "offline");
}

function openLink(event) {
  if (state.config.mode !== "offline") return; // a real bot: the link opens Telegram
  event.preventDefault();
  guard(pressStart)();
}

async function pressStart() {
  if (!state.linkToken) return;
  if (state.linkTarget === "group") {
    // the simulated user adds the bot to the demo's team group (a forum) as its administrator
    await api("POST", "/demo/team/add-bot", { payload: state.linkToken });
    showChat("team");
  } else {
    await api("POST", "/demo/chat/start", { payload: state.linkToken });
    showChat("bot");
  }
  state.linkToken = null;
  $("press-start").disabled = true;
  setTimeout(() => { $("press-start").disabled = false; }, 1500);
  refreshChatSoon(); setTimeout(refreshStatus, 800);
}

async function sendTest() {
  const r = await api("POST", "/api/telegram/send-test-message", {});
  toast(r.message || "Test message queued"); refreshChatSoon();
}

async function unlink() {
  const r = await api("POST", "/api/telegram/unlink-account", {});
  toast(r.message || "Unlinked"); refreshStatus(); refreshChatSoon();
}

// ---- posts and rules --------------------------------------------------------------------------

function localNow() {
  const d = new Date(Date.now() - new Date().getTimezoneOffset() * 60000);
  return d.toISOString().slice(0, 19);
}

async function schedulePost(event) {
  event.preventDefault();
  const local = $("scheduled-at").value;
  const body = { platform: $("platform").value, text: $("text").value, scheduled_at: local ? new Date(local).toISOString() : null };
  const r = await api("POST", "/api/posts", body);
  toast("Post #" + r.post.id + " scheduled for " + formatTime(r.post.scheduled_at));
  refreshPosts(); setTimeout(refreshDigest, 1500);
}

async function refreshPosts() {
  if (!state.token) return;
  const r = await api("GET", "/api/posts");
  const tbody = $("posts-table").querySelector("tbody");
  tbody.replaceChildren(...r.posts.slice(0, 12).map((p) => {
    const tr = document.createElement("tr");
    tr.dataset.status = p.status;
    const status = cell(statusTag(p.status));
    if (p.status === "published") {
      // new engagement figures: stored, and the post's Telegram message is edited in place
      const like = document.createElement("button");
      like.type = "button";
      like.className = "like";
      like.textContent = "❤ " + p.likes;
      like.title = "Add 100 likes (edits the Telegram message)";
      like.addEventListener("click", guard(async () => {
        const r = await api("POST", "/api/posts/" + p.id + "/metrics", { likes: p.likes + 100 });
        toast("Post #" + p.id + ": " + r.post.likes + " likes; Telegram message " + (r.telegram === "Queued" ? "edited" : r.telegram));
        refreshPosts();
      }));
      status.append(" ", like);
    }

    tr.append(cell("#" + p.id), cell(p.platform_emoji + " " + p.platform_name), cell(p.text, "text"),
      cell(formatTime(p.finished_at || p.scheduled_at)), status);
    if (p.error) tr.title = p.error;
    return tr;
  }));
}

async function addRule(event) {
  event.preventDefault();
  const platforms = [...document.querySelectorAll("#rule-platforms input:checked")].map((i) => i.value);
  const r = await api("POST", "/api/automations", { name: $("rule-name").value, platforms, cron: $("rule-cron").value });
  toast("Rule added; next run " + formatTime(r.automation.next_run_at));
  refreshRules();
}

async function refreshRules() {
  if (!state.token) return;
  const r = await api("GET", "/api/automations");
  const tbody = $("rules-table").querySelector("tbody");
  tbody.replaceChildren(...r.automations.map((a) => {
    const tr = document.createElement("tr");
    tr.append(cell(a.name, "text"), cell(a.platforms.join(", ")), cell(a.cron), cell(formatTime(a.next_run_at)),
      cell(a.last_status ? statusTag(a.last_status) : ""));
    return tr;
  }));
}

async function runNow() {
  const r = await api("POST", "/demo/run-auto-post", {});
  toast("sns_auto_post: " + r.published + " published, " + r.failed + " failed, " + r.automation_runs + " rule runs");
  refreshPosts(); refreshRules(); refreshChatSoon(); refreshDigest();
}

// ---- the simulated chat -----------------------------------------------------------------------

const SAFE_URL = /^(https?:|tg:|mailto:)/i;

function entityElement(entity, content) {
  let el;
  switch (entity.type) {
    case "bold": el = document.createElement("strong"); break;
    case "italic": el = document.createElement("em"); break;
    case "underline": el = document.createElement("u"); break;
    case "strikethrough": el = document.createElement("s"); break;
    case "code": el = document.createElement("code"); break;
    case "pre": {
      const pre = document.createElement("pre"); const code = document.createElement("code");
      if (entity.language) code.className = "language-" + entity.language;
      pre.append(code); return { outer: pre, inner: code };
    }
    case "blockquote": case "expandable_blockquote": el = document.createElement("blockquote"); break;
    case "spoiler":
      el = document.createElement("span"); el.className = "spoiler";
      el.addEventListener("click", () => el.classList.add("shown")); break;
    case "text_link": case "url": case "email": {
      const href = entity.type === "text_link" ? entity.url : entity.type === "email" ? "mailto:" + content : (/^[a-z]+:/i.test(content) ? content : "https://" + content);
      el = document.createElement("a");
      if (href && SAFE_URL.test(href)) { el.href = href; el.target = "_blank"; el.rel = "noopener noreferrer"; }
      break;
    }
    case "bot_command":
      el = document.createElement("a"); el.href = "#";
      el.addEventListener("click", (e) => { e.preventDefault(); sendChat(content); });
      break;
    case "mention": case "hashtag": case "cashtag":
      el = document.createElement("a"); el.href = "#"; el.addEventListener("click", (e) => e.preventDefault()); break;
    default: el = document.createElement("span");
  }
  return { outer: el, inner: el };
}

// Builds DOM from Telegram's text + entities (offsets in UTF-16 units, like JavaScript strings). Never uses innerHTML.
function renderEntities(text, entities) {
  const list = [...(entities || [])].filter((e) => e.length > 0).sort((a, b) => a.offset - b.offset || b.length - a.length);
  const fragment = document.createDocumentFragment();
  (function build(parent, start, end, items) {
    let pos = start, i = 0;
    while (i < items.length) {
      const e = items[i];
      const from = Math.max(e.offset, pos), to = Math.min(e.offset + e.length, end);
      if (from > pos) parent.append(text.slice(pos, from));
      const children = [];
      let j = i + 1;
      while (j < items.length && items[j].offset < to) { children.push(items[j]); j++; }
      if (to > from) {
        const { outer, inner } = entityElement(e, text.slice(from, to));
        build(inner, from, to, children);
        parent.append(outer);
        pos = to;
      }
      i = j;
    }
    if (pos < end) parent.append(text.slice(pos, end));
  })(fragment, 0, text.length, list);
  return fragment;
}

function renderMessage(m, topicName) {
  const wrap = document.createElement("div");
  wrap.className = "msg " + (m.from === "user" ? "out" : "in");
  wrap.dataset.messageId = m.id;
  const bubble = document.createElement("div");
  bubble.className = "bubble";
  if (topicName !== undefined) {
    // in a forum every message belongs to a topic: the General one, or the topic it was sent to
    wrap.dataset.topic = m.topic_id == null ? "general" : String(m.topic_id);
    const tag = document.createElement("div");
    tag.className = "topic-tag";
    tag.textContent = "# " + topicName;
    bubble.append(tag);
  }
  if (m.from === "member" && m.sender) {
    const sender = document.createElement("div");
    sender.className = "sender";
    sender.textContent = m.sender;
    bubble.append(sender);
  }
  bubble.append(renderEntities(m.text || "", m.entities));
  const time = document.createElement("span");
  time.className = "time";
  time.textContent = new Date(m.date * 1000).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" }) + (m.edited ? " · edited" : "");
  bubble.append(time);
  wrap.append(bubble);
  if (m.buttons && m.buttons.length) {
    const keyboard = document.createElement("div");
    keyboard.className = "keyboard";
    for (const row of m.buttons) {
      const r = document.createElement("div");
      r.className = "krow";
      for (const b of row) {
        const button = document.createElement("button");
        button.type = "button";
        button.textContent = b.text;
        if (b.url) {
          button.className = "url";
          button.addEventListener("click", () => { if (SAFE_URL.test(b.url)) window.open(b.url, "_blank", "noopener"); });
        } else if (b.callback_data) {
          button.addEventListener("click", guard(() => pressButton(m.id, b.callback_data)));
        }
        r.append(button);
      }
      keyboard.append(r);
    }
    wrap.append(keyboard);
  }
  return wrap;
}

function topicNameOf(chat, id) {
  if (id == null) return "General";
  const topic = (chat.topics || []).find((t) => t.id === id);
  return topic ? topic.name : "Topic " + id;
}

// the team forum's topics: General, then each topic the bot created, with how many messages it holds; one is chosen
function renderTopics(chat) {
  const bar = $("topic-bar");
  const count = (id) => chat.messages.filter((m) => (m.topic_id ?? null) === id).length;
  const chips = [{ key: "all", name: "All", n: chat.messages.length }, { key: "general", name: "General", n: count(null) }]
    .concat((chat.topics || []).map((t) => ({ key: String(t.id), name: t.name, n: count(t.id) })));
  if (!chips.some((c) => c.key === state.topic)) state.topic = "all";
  bar.replaceChildren(...chips.map((c) => {
    const b = document.createElement("button");
    b.type = "button"; b.setAttribute("role", "tab"); b.dataset.topic = c.key;
    b.className = "topic" + (c.key === state.topic ? " active" : "");
    b.setAttribute("aria-selected", String(c.key === state.topic));
    b.textContent = c.name + " · " + c.n;
    b.addEventListener("click", () => { state.topic = c.key; state.chatSignature = ""; renderChat(chat); });
    return b;
  }));
}

function renderChat(chat) {
  const body = $("chat-body");
  const team = state.chatView === "team";
  const signature = state.chatView + "|" + state.topic + "|" + JSON.stringify(chat.topics || []) + JSON.stringify(chat.messages);
  if (signature === state.chatSignature) return;
  state.chatSignature = signature;
  const atBottom = body.scrollHeight - body.scrollTop - body.clientHeight < 60;
  $("topic-bar").hidden = !team || !chat.joined;
  if (team) {
    $("chat-subtitle").textContent = chat.joined ? "forum · " + (chat.topics || []).length + " topics · simulated Telegram" : "team group · not linked yet";
    if (chat.joined) renderTopics(chat);
  }
  const shown = team && state.topic !== "all"
    ? chat.messages.filter((m) => (m.topic_id == null ? "general" : String(m.topic_id)) === state.topic)
    : chat.messages;
  $("chat-empty").innerHTML = team
    ? (chat.joined ? "No messages in this topic yet." : "Press <strong>Link a team group</strong> to add the bot to the team group (you are its administrator).")
    : "Sign in and press <strong>Link Telegram</strong> to start a chat with the bot.";
  $("chat-empty").hidden = shown.length > 0;
  body.querySelectorAll(".msg").forEach((el) => el.remove());
  for (const m of shown) body.append(renderMessage(m, team ? topicNameOf(chat, m.topic_id ?? null) : undefined));
  if (atBottom || shown.length) body.scrollTop = body.scrollHeight;
}

async function refreshChat() {
  if (!state.token || !state.config || state.config.mode !== "offline") return;
  const view = state.chatView;
  try {
    const chat = await api("GET", view === "team" ? "/demo/team" : "/demo/chat");
    if (view === state.chatView) renderChat(chat);
  } catch { /* next poll */ }
}

// the phone shows one chat: the private chat with the bot, or the team group (a forum with topics)
function showChat(view) {
  state.chatView = view === "team" ? "team" : "bot";
  sessionStorage.setItem("demo.chat", state.chatView);
  const team = state.chatView === "team";
  $("chat-tab-bot").classList.toggle("active", !team);
  $("chat-tab-team").classList.toggle("active", team);
  $("chat-tab-bot").setAttribute("aria-selected", String(!team));
  $("chat-tab-team").setAttribute("aria-selected", String(team));
  $("chat-avatar").textContent = team ? "👥" : "🤖";
  $("chat-title").textContent = team ? "SNS team" : "@" + ((state.config && state.config.bot_username) || "bot");
  $("chat-subtitle").textContent = team ? "team group · simulated Telegram" : "bot · simulated Telegram";
  $("chat-quick").hidden = team;
  $("chat-form").hidden = team;
  $("topic-bar").hidden = true;
  state.chatSignature = "";
  state.topic = "all";
  renderChat({ messages: [], topics: [], joined: false });
  state.chatSignature = "";
  refreshChat();
}

function refreshChatSoon() { setTimeout(refreshChat, 300); setTimeout(refreshChat, 1200); }

async function sendChat(text) {
  if (!text) return;
  await api("POST", "/demo/chat/send", { text });
  refreshChatSoon(); setTimeout(refreshStatus, 900);
}

async function pressButton(messageId, data) {
  const r = await api("POST", "/demo/chat/press", { message_id: messageId, callback_data: data, chat: state.chatView });
  if (r && r.answer) chatToast(r.answer);
  refreshChatSoon(); setTimeout(refreshStatus, 900); setTimeout(refreshPosts, 900);
}

// ---- start ------------------------------------------------------------------------------------

async function init() {
  state.config = await api("GET", "/demo/config");
  const offline = state.config.mode === "offline";
  const badge = $("mode-badge");
  badge.textContent = offline ? "offline demo · simulated Telegram" : "connected to Telegram as @" + state.config.bot_username;
  badge.className = "badge " + (offline ? "offline" : "online");
  $("offline-note").hidden = !offline;
  $("chat-column").hidden = !offline;
  document.querySelector(".layout").classList.toggle("no-chat", !offline);
  $("press-start").hidden = !offline;
  $("run-now").hidden = !state.config.run_now;
  showChat(state.chatView);
  $("interval-note").textContent = "sns_auto_post runs every " + state.config.auto_post_interval_seconds + " s";
  if (!state.config.dev_token) $("signin-form").hidden = true;

  const select = $("platform"), checks = $("rule-platforms");
  for (const p of state.config.platforms) {
    select.append(new Option(p.emoji + " " + p.name, p.id));
    const label = document.createElement("label");
    const box = document.createElement("input");
    box.type = "checkbox"; box.value = p.id; box.checked = p.id === "instagram" || p.id === "twitter";
    label.append(box, " " + p.name);
    checks.append(label);
  }
  $("scheduled-at").value = localNow();

  $("signin-form").addEventListener("submit", guard(signIn));
  $("token-form").addEventListener("submit", useToken);
  $("sign-out").addEventListener("click", signOut);
  $("link").addEventListener("click", guard(linkTelegram));
  $("link-team").addEventListener("click", guard(linkTeam));
  $("chat-tab-bot").addEventListener("click", () => showChat("bot"));
  $("chat-tab-team").addEventListener("click", () => showChat("team"));
  $("quiet-now").addEventListener("click", guard(quietNow));
  $("close-digest").addEventListener("click", guard(closeDigest));
  $("end-quiet").addEventListener("click", guard(endQuiet));
  $("press-start").addEventListener("click", guard(pressStart));
  $("refresh-status").addEventListener("click", guard(refreshStatus));
  $("test-message").addEventListener("click", guard(sendTest));
  $("unlink").addEventListener("click", guard(unlink));
  $("report-now").addEventListener("click", guard(reportNow));
  $("settings-form").addEventListener("submit", guard(saveSettings));
  $("settings-form").addEventListener("input", () => { state.settingsDirty = true; });
  $("link-url").addEventListener("click", openLink);
  $("link-qr").addEventListener("click", openLink);
  $("post-form").addEventListener("submit", guard(schedulePost));
  $("due-now").addEventListener("click", () => { $("scheduled-at").value = localNow(); });
  $("run-now").addEventListener("click", guard(runNow));
  $("rule-form").addEventListener("submit", guard(addRule));
  $("tab-demo").addEventListener("click", () => showView("demo"));
  $("tab-ops").addEventListener("click", () => showView("ops"));
  $("ops-pause").addEventListener("click", guard(togglePause));
  window.addEventListener("resize", drawCharts);
  $("chat-form").addEventListener("submit", guard(async (e) => { e.preventDefault(); const t = $("chat-text").value.trim(); $("chat-text").value = ""; await sendChat(t); }));
  document.querySelectorAll("[data-send]").forEach((b) => b.addEventListener("click", guard(() => sendChat(b.dataset.send))));

  setSignedIn();
  setInterval(refreshChat, 1500);
  setInterval(() => { refreshPosts().catch(() => {}); }, 3000);
  setInterval(() => { refreshRules().catch(() => {}); }, 10000);
  setInterval(refreshStatus, 5000);
  setInterval(refreshDigest, 3000);
  setInterval(refreshOps, 3000);
}

document.addEventListener("DOMContentLoaded", () => { init().catch((e) => toast(e.message, true)); });

// ---- operations (the operator's API) ----------------------------------------------------------

const ADMIN = "/api/telegram/admin/";
const LANES = ["urgent", "normal", "bulk"];
const RATE_WINDOW_MS = 60000;
const MIN_SAMPLE_GAP_MS = 2000;
const ops = { samples: [], points: [], pending: null, busy: false };

function tokenClaims(token) {
  try { return JSON.parse(atob(token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/"))); } catch { return {}; }
}

function isOperator(token) {
  const role = tokenClaims(token || "").role;
  return Array.isArray(role) ? role.includes("operator") : role === "operator";
}

function showView(name) {
  const opsView = name === "ops";
  $("demo-view").hidden = opsView;
  $("ops-view").hidden = !opsView;
  $("tab-demo").classList.toggle("active", !opsView);
  $("tab-ops").classList.toggle("active", opsView);
  $("tab-demo").setAttribute("aria-selected", String(!opsView));
  $("tab-ops").setAttribute("aria-selected", String(opsView));
  sessionStorage.setItem("demo.view", name);
  if (opsView) refreshOps();
}

function svg(name, attributes, text) {
  const el = document.createElementNS("http://www.w3.org/2000/svg", name);
  for (const [k, v] of Object.entries(attributes)) el.setAttribute(k, String(v));
  if (text !== undefined) el.textContent = text;
  return el;
}

function chartWidth(chart) { return Math.max(200, Math.round(chart.getBoundingClientRect().width) || 320); }

// The rate comes from the outbox's sent count: the newest count minus the oldest one of the last minute.
function sentPerSecond(samples) {
  const last = samples[samples.length - 1];
  const first = samples.find((x) => last.t - x.t <= RATE_WINDOW_MS);
  if (!first || first === last || last.t === first.t) return null;
  return Math.max(0, last.sent - first.sent) / ((last.t - first.t) / 1000); // a purge lowers the count: not a negative rate
}

function drawRateChart(points) {
  const chart = $("ops-chart");
  const w = chartWidth(chart), h = 130, left = 30, top = 10, bottom = 18; // drawn in CSS pixels: text keeps its size at any width
  chart.setAttribute("viewBox", "0 0 " + w + " " + h);
  const max = Math.max(1, ...points.map((p) => p.rate));
  const y = (v) => top + (h - top - bottom) * (1 - v / max);
  const span = Math.max(RATE_WINDOW_MS, points.length ? points[points.length - 1].t - points[0].t : 0);
  const t0 = points.length ? points[points.length - 1].t - span : 0;
  const x = (t) => left + (w - left - 6) * ((t - t0) / span);
  const children = [
    svg("line", { x1: left, y1: y(0), x2: w - 6, y2: y(0), class: "axis" }),
    svg("line", { x1: left, y1: y(max), x2: w - 6, y2: y(max), class: "grid" }),
    svg("text", { x: left - 4, y: y(max) + 4, class: "tick", "text-anchor": "end" }, max.toFixed(max < 10 ? 1 : 0)),
    svg("text", { x: left - 4, y: y(0) + 4, class: "tick", "text-anchor": "end" }, "0"),
    svg("text", { x: w - 6, y: h - 4, class: "tick", "text-anchor": "end" }, "now"),
    svg("text", { x: left, y: h - 4, class: "tick" }, "-" + Math.round(span / 1000) + " s"),
  ];
  if (points.length > 1) {
    children.push(svg("polyline", { points: points.map((p) => x(p.t).toFixed(1) + "," + y(p.rate).toFixed(1)).join(" "), class: "rate-line" }));
  }
  for (const p of points) {
    const dot = svg("circle", { cx: x(p.t).toFixed(1), cy: y(p.rate).toFixed(1), r: 3, class: "point" });
    dot.append(svg("title", {}, p.rate.toFixed(2) + " msg/s at " + new Date(p.t).toLocaleTimeString()));
    children.push(dot);
  }
  chart.replaceChildren(...children);
  chart.dataset.points = String(points.length);
}

function drawLanes(pending) {
  const chart = $("ops-lanes");
  const w = chartWidth(chart), h = 92, left = 60, room = Math.max(40, w - left - 50);
  chart.setAttribute("viewBox", "0 0 " + w + " " + h);
  const max = Math.max(1, ...LANES.map((l) => pending[l] || 0));
  const children = [];
  LANES.forEach((lane, i) => {
    const value = pending[lane] || 0;
    const yy = 8 + i * 27;
    const width = Math.max(2, room * value / max);
    children.push(svg("text", { x: 10, y: yy + 13, class: "tick" }, lane));
    children.push(svg("rect", { x: left, y: yy, width: width.toFixed(1), height: 18, rx: 4, class: "bar " + lane, "data-lane": lane, "data-count": value }));
    children.push(svg("text", { x: left + width + 6, y: yy + 13, class: "tick value" }, String(value)));
  });
  chart.replaceChildren(...children);
}

function showDeliveryState(outbox) {
  const pill = $("ops-state"), detail = $("ops-state-detail"), toggle = $("ops-pause");
  const d = outbox.delivery;
  if (d.paused) {
    pill.textContent = "paused"; pill.className = "pill off";
    detail.textContent = "by " + (d.paused_by || "?") + (d.paused_at ? " since " + formatTime(d.paused_at) : "") + (d.reason ? " · " + d.reason : "");
  } else if (outbox.rate_limited_until) {
    pill.textContent = "429 pause"; pill.className = "pill warn";
    detail.textContent = "Telegram asked the bot to wait until " + formatTime(outbox.rate_limited_until);
  } else {
    pill.textContent = "delivering"; pill.className = "pill ok";
    detail.textContent = "no pause, no 429 wait";
  }
  toggle.textContent = d.paused ? "Resume delivery" : "Pause delivery";
  toggle.className = d.paused ? "primary" : "danger";
  toggle.dataset.paused = String(d.paused);
}

function drawCharts() {
  if ($("ops-view").hidden || !ops.pending) return;
  drawRateChart(ops.points);
  drawLanes(ops.pending);
}

async function refreshOutbox() {
  const outbox = await api("GET", ADMIN + "outbox");
  const count = (state_, lane) => outbox.counts.filter((c) => c.state === state_ && (!lane || c.lane === lane)).reduce((n, c) => n + c.count, 0);
  const now = Date.now();
  const previous = ops.samples[ops.samples.length - 1];
  const sampled = !previous || now - previous.t >= MIN_SAMPLE_GAP_MS; // a click's refresh right after a poll would make a spike
  if (sampled) ops.samples.push({ t: now, sent: count("sent") });
  ops.samples = ops.samples.filter((x) => now - x.t <= RATE_WINDOW_MS * 2);
  const rate = sentPerSecond(ops.samples);
  if (rate !== null && sampled) {
    ops.points.push({ t: now, rate });
    ops.points = ops.points.filter((p) => now - p.t <= RATE_WINDOW_MS * 3);
  }
  $("ops-rate").textContent = rate === null ? "measuring…" : rate.toFixed(2);
  $("ops-sent").textContent = String(count("sent"));
  $("ops-dead").textContent = String(count("dead_lettered"));
  ops.pending = Object.fromEntries(LANES.map((l) => [l, count("pending", l)]));
  drawCharts();
  showDeliveryState(outbox);
}

function actionButton(text, className, onClick) {
  const b = document.createElement("button");
  b.type = "button"; b.textContent = text; b.className = className;
  b.addEventListener("click", guard(onClick));
  return b;
}

async function refreshDeadLetters() {
  const r = await api("GET", ADMIN + "dead-letters?limit=20");
  const tbody = $("dead-letters-table").querySelector("tbody");
  tbody.replaceChildren(...r.dead_letters.map((d) => {
    const tr = document.createElement("tr");
    tr.dataset.id = d.id;
    const reason = document.createElement("span");
    reason.className = "status failed"; reason.textContent = d.reason_code || "?"; reason.title = d.error || "";
    tr.append(cell(String(d.id)), cell(d.user_id, "text"), cell(d.type), cell(reason), cell(formatTime(d.dead_lettered_at)),
      cell(actionButton("Resend", "resend", () => resend(d.id))));
    return tr;
  }));
  $("dead-letters-empty").hidden = r.dead_letters.length > 0;
}

async function resend(id) {
  const r = await api("POST", ADMIN + "dead-letters/" + id + "/resend");
  $("dead-letters-result").textContent = "Message " + id + (r.resent ? " is back in the queue." : " was not resent.");
  await refreshDeadLetters();
  setTimeout(() => { refreshOps(); }, 1500);
  refreshChatSoon();
}

function lastRunText(run) {
  if (!run) return "never";
  return formatTime(run.started_at) + (run.manual ? " · manual" : "") + (run.duration_ms != null ? " · " + Math.round(run.duration_ms) + " ms" : "");
}

async function refreshJobs() {
  const r = await api("GET", ADMIN + "jobs");
  const tbody = $("jobs-table").querySelector("tbody");
  tbody.replaceChildren(...r.jobs.map((j) => {
    const tr = document.createElement("tr");
    tr.dataset.job = j.id;
    const name = document.createElement("span");
    name.textContent = j.id; name.title = j.schedule;
    const outcome = j.running ? statusTag("running") : j.last_run ? statusTag(j.last_run.outcome) : "";
    if (j.last_run && j.last_run.error && outcome) outcome.title = j.last_run.error;
    tr.append(cell(name, "job"), cell(lastRunText(j.last_run), "last-run"), cell(outcome, "outcome"),
      cell(j.enabled ? formatTime(j.next_run) : "off", "next-run"), cell(actionButton("Run now", "run-job", () => runJob(j.id))));
    return tr;
  }));
}

async function runJob(id) {
  try {
    const r = await api("POST", ADMIN + "jobs/" + encodeURIComponent(id) + "/run");
    $("jobs-result").textContent = id + ": " + r.status + " (occurrence " + formatTime(r.occurrence) + ")";
  } catch (e) {
    $("jobs-result").textContent = id + ": " + e.message;
  }
  setTimeout(() => { refreshJobs().catch(() => {}); }, 800);
  setTimeout(() => { refreshJobs().catch(() => {}); refreshPosts().catch(() => {}); }, 2500);
}

async function togglePause() {
  const paused = $("ops-pause").dataset.paused === "true";
  await api("POST", ADMIN + (paused ? "delivery/resume" : "delivery/pause?reason=" + encodeURIComponent("paused from the demo page")));
  toast(paused ? "Delivery resumed" : "Delivery paused for every instance");
  await refreshOutbox();
}

async function refreshOps() {
  if (!state.token || !isOperator(state.token) || ops.busy) return;
  ops.busy = true;
  try {
    await refreshOutbox();
    if (!$("ops-view").hidden) await Promise.all([refreshDeadLetters(), refreshJobs()]);
  } catch (e) {
    $("ops-state").textContent = "unavailable"; $("ops-state").className = "pill off";
    $("ops-state-detail").textContent = e.message;
  } finally {
    ops.busy = false;
  }
}
