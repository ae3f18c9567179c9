/**
 * The web chat as the retailer's site shows it: `/chat/` is a small self-contained page (Russian,
 * no account needed), `/chat/widget.js` puts a "Чат" button on any page that opens it in a frame:
 * `<script src="https://<platform>/chat/widget.js" async></script>`.
 */
export function widgetPage(companyName: string): string {
  return `<!doctype html>
<html lang="ru">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Чат с ${escapeHtml(companyName)}</title>
<style>
  body { margin: 0; font: 15px/1.4 system-ui, sans-serif; display: flex; flex-direction: column; height: 100vh; background: #f4f6f8; }
  header { background: #0b5cab; color: #fff; padding: 12px 16px; font-weight: 600; }
  #log { flex: 1; overflow-y: auto; padding: 12px; }
  .msg { max-width: 80%; margin: 6px 0; padding: 8px 12px; border-radius: 10px; white-space: pre-wrap; }
  .bot { background: #fff; border: 1px solid #dde3ea; }
  .me { background: #d8ebff; margin-left: auto; }
  .buttons button { margin: 4px 4px 0 0; padding: 6px 10px; border: 1px solid #0b5cab; background: #fff; color: #0b5cab; border-radius: 6px; cursor: pointer; }
  form { display: flex; gap: 8px; padding: 10px; background: #fff; border-top: 1px solid #dde3ea; }
  input { flex: 1; padding: 8px; font: inherit; }
  #status { font-size: 12px; color: #667; padding: 0 12px; }
  .attach { cursor: pointer; font-size: 20px; padding: 4px; }
</style>
</head>
<body>
<header>Чат с ${escapeHtml(companyName)}</header>
<div id="log" aria-live="polite"></div>
<div id="status"></div>
<form id="form"><label class="attach" title="Приложить фото или документ (PDF, DOCX, XLSX)">📎<input id="file" type="file" accept="image/jpeg,image/png,image/webp,image/heic,application/pdf,.docx,.xlsx" hidden></label><input id="text" maxlength="4096" autocomplete="off" placeholder="Напишите Ваш вопрос…" aria-label="Сообщение"><button>Отправить</button></form>
<script>
(() => {
  const store = window.localStorage;
  const session = store.getItem('hotline-chat-session') || crypto.randomUUID();
  store.setItem('hotline-chat-session', session);
  let lastSeq = Number(store.getItem('hotline-chat-seq') || 0);
  const log = document.getElementById('log');
  const status = document.getElementById('status');
  // At-least-once: a message stays here until the server acks it (handled and its reply stored);
  // after a reconnect the widget asks for the replies after the last seq it saw (resume) and sends
  // these again with their ids, which the server recognises (no second answer).
  const unsent = [];
  let ws;
  let resendTimer;
  function show(text, who, buttons) {
    const div = document.createElement('div');
    div.className = 'msg ' + who;
    div.textContent = text;
    if (buttons) {
      const box = document.createElement('div');
      box.className = 'buttons';
      for (const row of buttons) for (const b of row) {
        const btn = document.createElement('button');
        btn.type = 'button';
        btn.textContent = b.label;
        btn.onclick = () => { show(b.label, 'me'); send({ type: 'button', id: crypto.randomUUID(), data: b.data }); };
        box.appendChild(btn);
      }
      div.appendChild(box);
    }
    log.appendChild(div);
    log.scrollTop = log.scrollHeight;
  }
  function send(frame) {
    unsent.push(frame);
    if (ws && ws.readyState === 1) ws.send(JSON.stringify(frame));
  }
  function resendUnacked() {
    resendTimer = undefined;
    if (ws && ws.readyState === 1) for (const frame of unsent) ws.send(JSON.stringify(frame));
  }
  function connect() {
    const proto = location.protocol === 'https:' ? 'wss' : 'ws';
    ws = new WebSocket(proto + '://' + location.host + '${'/chat/ws'}?session=' + session);
    ws.onopen = () => {
      status.textContent = '';
      ws.send(JSON.stringify({ type: 'resume', after: lastSeq }));
      for (const frame of unsent) ws.send(JSON.stringify(frame));
    };
    ws.onmessage = (event) => {
      const frame = JSON.parse(event.data);
      if (frame.type === 'message' && frame.seq > lastSeq) {
        lastSeq = frame.seq;
        store.setItem('hotline-chat-seq', String(lastSeq));
        show(frame.text, 'bot', frame.buttons);
      } else if (frame.type === 'ack') {
        const i = unsent.findIndex((f) => f.id === frame.id);
        if (i >= 0) unsent.splice(i, 1);
      } else if (frame.type === 'error') {
        status.textContent = frame.message;
        // A message not acknowledged was not handled (a failed turn, the flood limit): it is sent
        // again a little later with the same id, so it is answered once whatever happened.
        if (!resendTimer) resendTimer = setTimeout(resendUnacked, 3000);
      }
    };
    ws.onclose = () => { status.textContent = 'Соединение потеряно, переподключаемся…'; setTimeout(connect, 2000); };
  }
  document.getElementById('form').onsubmit = (event) => {
    event.preventDefault();
    const input = document.getElementById('text');
    const text = input.value.trim();
    if (!text) return;
    input.value = '';
    show(text, 'me');
    send({ type: 'message', id: crypto.randomUUID(), text });
  };
  document.getElementById('file').onchange = async (event) => {
    const file = event.target.files[0];
    event.target.value = '';
    if (!file) return;
    show('Файл: ' + file.name, 'me');
    const url = '/chat/upload?session=' + session + '&id=' + crypto.randomUUID();
    try {
      const response = await fetch(url, { method: 'POST', body: file, headers: { 'X-File-Name': encodeURIComponent(file.name) } });
      const answer = await response.json();
      status.textContent = response.ok ? '' : answer.error;
    } catch {
      status.textContent = 'Не удалось отправить файл. Пожалуйста, попробуйте ещё раз.';
    }
  };
  connect();
  if (lastSeq === 0) send({ type: 'button', id: 'start-' + session, data: 'start' });
})();
</script>
</body>
</html>`;
}

export function widgetScript(): string {
  return `(() => {
  const base = new URL(document.currentScript.src).origin;
  const button = document.createElement('button');
  button.textContent = 'Чат';
  button.setAttribute('aria-label', 'Открыть чат с компанией');
  button.style.cssText = 'position:fixed;right:20px;bottom:20px;z-index:99999;padding:12px 18px;border:0;border-radius:24px;background:#0b5cab;color:#fff;font:600 15px system-ui;cursor:pointer';
  let frame;
  button.onclick = () => {
    if (!frame) {
      frame = document.createElement('iframe');
      frame.src = base + '/chat/';
      frame.title = 'Чат';
      frame.style.cssText = 'position:fixed;right:20px;bottom:76px;z-index:99999;width:360px;height:520px;border:1px solid #ccd;border-radius:10px;background:#fff';
      document.body.appendChild(frame);
    } else frame.hidden = !frame.hidden;
  };
  document.body.appendChild(button);
})();`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
