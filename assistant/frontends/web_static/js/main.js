// The page: turns go through the REST channel and the page renders exactly what comes back.
// There is no dialogue logic here; the assistant decides what to say, the page only shows it.
import { ExercisePlayer, playerWord } from './exercise.js';
import { Help } from './help.js';
import { Recorder, Speech } from './voice.js';

const $ = (id) => document.getElementById(id);
const SENDER_KEY = 'compassion.sender';
const SOUND_KEY = 'compassion.sound';
const POLL_MS = 15000;
const HOLD_MS = 600;  // held this long, Talk sends when released; a short press toggles
const token = new URLSearchParams(location.search).get('token');
const log = $('log');
const status = $('status');
const input = $('message');
const talk = $('talk');
const help = new Help();
const recorder = new Recorder();

function newSender() {
  const id = crypto.randomUUID ? crypto.randomUUID()
    : [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, '0')).join('');
  localStorage.setItem(SENDER_KEY, `web-${id}`);
  return `web-${id}`;
}

let sender = localStorage.getItem(SENDER_KEY) || newSender();

function url(path) {
  return token ? `${path}${path.includes('?') ? '&' : '?'}token=${encodeURIComponent(token)}` : path;
}

function add(kind, text) {
  const bubble = document.createElement('p');
  bubble.className = `bubble ${kind}`;
  const who = document.createElement('span');
  who.className = 'who';
  who.textContent = kind === 'user' ? 'You: ' : 'Compassion: ';
  bubble.append(who, text);
  log.append(bubble);
  bubble.scrollIntoView({ block: 'nearest' });
  return bubble;
}

function tell(words) { status.textContent = words; }

// Fetch JSON; on failure say so kindly (or stay quiet, for the background poll). Null when it failed.
async function call(path, options, quiet = false) {
  let reply;
  try {
    reply = await fetch(url(path), options);
  } catch {
    if (!quiet) unreachable();
    return null;
  }
  const data = await reply.json().catch(() => null);
  if (!reply.ok) {
    if (!quiet) add('note', data?.error ? `That didn't go through: ${data.error}.` : 'That didn\'t go through. Please try again.');
    return null;
  }
  return data;
}

const post = (path, body, quiet) => call(path, {
  method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
}, quiet);

function unreachable() {
  add('bot urgent', `I can't reach the assistant right now. If you are in danger, please call ${help.emergency()} now. `
    + 'The lines under "Need help now?" work without me.');
  help.open();
}

const speech = new Speech(async (text) => {
  try {
    const reply = await fetch(url('/app/api/speech'), {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ sender, text }),
    });
    if (reply.ok) return await reply.arrayBuffer();
    const data = await reply.json().catch(() => null);
    tell(data?.error || 'Spoken replies are not available right now.');
  } catch {
    tell('Spoken replies are not available right now.');
  }
  setSound(false, false);
  return null;
});

const player = new ExercisePlayer({
  onStep: (text) => speech.say(text, 'step'),
  onEnd: (closing) => { if (closing) { add('bot', closing); speech.say(closing); } },
  onNote: tell,
});

function retireChoices() {
  for (const button of log.querySelectorAll('.choices button')) button.disabled = true;
}

function choices(buttons) {
  const group = document.createElement('div');
  group.className = 'choices';
  group.setAttribute('role', 'group');
  group.setAttribute('aria-label', 'Choices');
  for (const { title, payload } of buttons) {
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = title;
    button.addEventListener('click', () => { send(payload || title, title); input.focus(); });
    group.append(button);
  }
  log.append(group);
}

function render(messages) {
  for (const message of messages) {
    if (message.text) {
      add('bot', message.text);
      speech.say(message.text);
    }
    if (message.buttons?.length) choices(message.buttons);
    if (message.custom?.exercise) player.start(message.custom.exercise);
  }
}

function before(shown) {
  if (player.running) player.stop(true);
  speech.hush();
  retireChoices();
  if (shown) add('user', shown);
}

async function send(message, shown = message) {
  const text = message.trim();
  if (!text) return;
  const word = player.running ? playerWord(text) : null;
  if (word) {  // "slower please" while an exercise runs: its control, not a message that stops it
    add('user', shown.trim());
    player.control(word);
    return;
  }
  before(shown.trim());
  performance.mark('sent');
  const messages = await post('/webhooks/rest/webhook', { sender, message: text });
  if (messages) {
    render(messages);
    performance.measure('reply', 'sent');
  }
  poll();
}

async function poll() {
  const data = await post('/app/api/reminders', { sender }, true);
  if (!data) return;
  for (const text of data.reminders) {
    add('bot', text);
    speech.say(text);
    if ('Notification' in window && Notification.permission === 'granted') {
      new Notification('Compassion', { body: text, tag: 'compassion-reminder', icon: '/app/static/icon.svg' });
    }
  }
  help.heard(data.country);
}

function setSound(on, remember = true) {
  speech.enable(on);
  $('sound').setAttribute('aria-pressed', String(on));
  if (remember) localStorage.setItem(SOUND_KEY, on ? 'on' : 'off');
}

async function talkTurn() {
  before('');
  if (localStorage.getItem(SOUND_KEY) === null) setSound(true, false);  // spoken to, it answers aloud
  talk.setAttribute('aria-pressed', 'true');
  talk.textContent = 'Send';
  tell('Listening. Press Talk again when you have finished.');
  let wav;
  try {
    wav = await recorder.record();
  } catch (error) {
    tell(`I can't use the microphone here (${error.message || error.name}). You can type instead.`);
    return;
  } finally {
    talk.setAttribute('aria-pressed', 'false');
    talk.textContent = 'Talk';
  }
  tell('Thinking about what you said.');
  const data = await call(`/app/api/voice?sender=${encodeURIComponent(sender)}`, {
    method: 'POST', headers: { 'Content-Type': 'audio/wav' }, body: wav,
  });
  tell('');
  if (!data) return;
  if (data.note) { tell(data.note); return; }
  add('user', data.heard);
  render(data.messages);
  poll();
}

let pressedAt = 0;
let startedByPress = false;
talk.addEventListener('pointerdown', (event) => {
  if (event.button !== 0 || recorder.recording) return;
  pressedAt = performance.now();
  startedByPress = true;
  talkTurn();
});
talk.addEventListener('pointerup', () => {
  if (recorder.recording && startedByPress && performance.now() - pressedAt > HOLD_MS) recorder.stop();
});
talk.addEventListener('click', (event) => {
  if (event.detail !== 0 && startedByPress) { startedByPress = false; return; }  // this press started it
  startedByPress = false;
  if (recorder.recording) recorder.stop(); else talkTurn();
});

$('composer').addEventListener('submit', (event) => {
  event.preventDefault();
  const text = input.value;
  input.value = '';
  send(text);
});

$('sound').addEventListener('click', () => setSound($('sound').getAttribute('aria-pressed') !== 'true'));
if (localStorage.getItem(SOUND_KEY) === 'on') setSound(true, false);

const notify = $('notify');
notify.hidden = !('Notification' in window) || Notification.permission !== 'default';
notify.addEventListener('click', async () => {
  await Notification.requestPermission();
  notify.hidden = Notification.permission !== 'default';
  input.focus();
});

const confirmForget = $('forget-confirm');
$('forget').addEventListener('click', () => { confirmForget.hidden = false; $('forget-yes').focus(); });
$('forget-no').addEventListener('click', () => { confirmForget.hidden = true; $('forget').focus(); });
$('forget-yes').addEventListener('click', async () => {
  const data = await post('/app/api/forget', { sender });
  confirmForget.hidden = true;
  if (!data) return;
  before('');
  log.replaceChildren();
  help.forget();
  sender = newSender();
  add('note', data.message);
  input.focus();
});

setInterval(poll, POLL_MS);
poll();
document.documentElement.dataset.ready = 'true';
performance.mark('ready');
