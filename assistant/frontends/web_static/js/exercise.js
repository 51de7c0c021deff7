// A guided exercise, paced by the step timings the assistant sent: the page plays it, like a media player.
const $ = (id) => document.getElementById(id);
const STILL = matchMedia('(prefers-reduced-motion: reduce)');
const SIZE = { in: 1, out: 0.45 };  // how far the circle grows and shrinks; any other step rests
const REST = 0.6;
const WORDS = { in: 'Breathe in', out: 'Breathe out', hold: 'Hold' };
const SLOWEST = 4;
const QUICKEST = 0.25;

// Words typed while an exercise runs that work its controls, as the terminal reads them; anything else (stop
// included) ends it and goes to the assistant.
const POLITE = '(?:(?:sorry|please|ok|okay|um|hey|oh),? )*(?:(?:can|could|would) you )?';
const MORE = '(?:go |be |a (?:bit|little) )?(?:a (?:bit|little) |much )?';
const AFTER = '(?: (?:a bit|a little|please|thanks|thank you|for me))*';
const CONTROLS = [
  ['pause', /^(?:pause|wait|hold on|one moment)$/],
  ['resume', /^(?:resume|continue|go on|carry on|ok|okay)$/],
  ['slower', new RegExp(`^${POLITE}(?:slow(?: it)? down|${MORE}slower|(?:that'?s |its |it'?s )?too fast)${AFTER}$`)],
  ['faster', new RegExp(`^${POLITE}(?:speed(?: it)? up|${MORE}faster|(?:that'?s |its |it'?s )?too slow)${AFTER}$`)],
  ['skip', /^(?:skip|next|skip this)$/],
];

export function playerWord(text) {
  const said = text.toLowerCase().replace(/[.!?]+$/, '').trim();
  return CONTROLS.find(([, pattern]) => pattern.test(said))?.[0] ?? null;
}

export class ExercisePlayer {
  constructor({ onStep, onEnd, onNote }) {
    Object.assign(this, { onStep, onEnd, onNote });
    this.root = $('exercise');
    this.circle = $('circle');
    this.pauseButton = $('pause');
    this.timer = null;
    this.pauseButton.addEventListener('click', () => this.togglePause());
    $('slower').addEventListener('click', () => this.pace(1.5, 'Slowing down.'));
    $('faster').addEventListener('click', () => this.pace(1 / 1.5, 'A little quicker.'));
    $('skip').addEventListener('click', () => this.next());
    $('stop').addEventListener('click', () => this.stop(true));
  }

  get running() { return this.timer !== null; }

  // A control typed in the message box (playerWord): what its button does.
  control(word) {
    if (word === 'pause' || word === 'resume') {
      if (this.paused === (word === 'resume')) this.togglePause();
    } else if (word === 'slower' || word === 'faster') {
      this.pace(word === 'slower' ? 1.5 : 1 / 1.5, word === 'slower' ? 'Slowing down.' : 'A little quicker.');
    } else if (word === 'skip') {
      this.next();
    }
  }

  start(exercise) {
    this.stop(false);
    this.steps = Array.isArray(exercise.steps) ? exercise.steps : [];
    this.closing = exercise.closing || '';
    Object.assign(this, { index: -1, speed: 1, paused: false, animation: null });
    $('exercise-title').textContent = exercise.title || 'Exercise';
    this.setPaused(false);
    this.root.hidden = false;
    this.root.scrollIntoView({ block: 'end', behavior: STILL.matches ? 'auto' : 'smooth' });
    this.timer = setInterval(() => this.tick(), 100);
    this.next();
  }

  next() {
    if (!this.running) return;
    this.index += 1;
    if (this.index >= this.steps.length) { this.end(true); return; }
    const step = this.steps[this.index];
    const ms = Math.max(0, Number(step.seconds) || 0) * 1000 * this.speed;
    this.remaining = ms;
    this.deadline = performance.now() + ms;
    $('step').textContent = step.text || '';
    $('progress').textContent = `Step ${this.index + 1} of ${this.steps.length}`;
    this.circle.dataset.breath = step.breath || '';
    $('breath').textContent = WORDS[step.breath] || '';
    this.animate(step.breath, ms);
    this.onStep(step.text || '');
    this.tick();
  }

  animate(breath, ms) {
    const from = new DOMMatrixReadOnly(getComputedStyle(this.circle).transform).a || REST;  // where it is now
    this.animation?.cancel();
    this.animation = null;
    if (STILL.matches) return;  // the words and the countdown carry the rhythm
    const to = breath === 'hold' ? from : (SIZE[breath] ?? REST);
    this.animation = this.circle.animate(
      [{ transform: `scale(${from})` }, { transform: `scale(${to})` }],
      { duration: Math.max(ms, 1), easing: 'ease-in-out', fill: 'forwards' });
    if (this.paused) this.animation.pause();
  }

  tick() {
    if (!this.running || this.paused) return;
    const left = this.deadline - performance.now();
    $('countdown').textContent = String(Math.max(0, Math.ceil(left / 1000)));
    if (left <= 0) this.next();
  }

  togglePause() {
    if (!this.running) return;
    if (this.paused) {
      this.deadline = performance.now() + this.remaining;
      this.animation?.play();
      this.setPaused(false);
      this.onNote('Carrying on.');
    } else {
      this.remaining = this.deadline - performance.now();
      this.animation?.pause();
      this.setPaused(true);
      this.onNote('Paused. Press Resume when you are ready.');
    }
  }

  setPaused(paused) {
    this.paused = paused;
    this.pauseButton.textContent = paused ? 'Resume' : 'Pause';
    this.pauseButton.setAttribute('aria-pressed', String(paused));
  }

  pace(factor, words) {
    if (!this.running) return;
    const speed = Math.min(SLOWEST, Math.max(QUICKEST, this.speed * factor));
    const change = speed / this.speed;
    this.speed = speed;
    if (this.paused) {
      this.remaining *= change;
    } else {
      this.deadline = performance.now() + (this.deadline - performance.now()) * change;
    }
    this.animation?.updatePlaybackRate(this.animation.playbackRate / change);
    this.onNote(words);
  }

  stop(told) {
    if (!this.running) return;
    this.end(false);
    if (told) this.onNote('Stopping the exercise.');
  }

  end(finished) {
    clearInterval(this.timer);
    this.timer = null;
    this.animation?.cancel();
    const hadFocus = this.root.contains(document.activeElement);
    this.root.hidden = true;
    if (hadFocus) $('message').focus();
    if (finished) this.onEnd(this.closing);
  }
}
