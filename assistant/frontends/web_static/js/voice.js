// Voice in the browser: record with MediaRecorder, turn it into 16 kHz mono WAV with WebAudio (so the
// server needs no converter), and play the replies the project's own synthesiser made.
const RATE = 16000;
const MAX_SECONDS = 30;  // the server takes at most 1 MB: 30 s of 16 kHz 16-bit audio fit

export async function toWav(blob) {
  const context = new AudioContext();
  let decoded;
  try {
    decoded = await context.decodeAudioData(await blob.arrayBuffer());
  } finally {
    context.close();
  }
  const frames = Math.max(1, Math.ceil(decoded.duration * RATE));
  const offline = new OfflineAudioContext(1, frames, RATE);  // one channel: the mix-down is WebAudio's
  const source = offline.createBufferSource();
  source.buffer = decoded;
  source.connect(offline.destination);
  source.start();
  const samples = (await offline.startRendering()).getChannelData(0);
  const view = new DataView(new ArrayBuffer(44 + samples.length * 2));
  const text = (at, words) => [...words].forEach((c, i) => view.setUint8(at + i, c.charCodeAt(0)));
  text(0, 'RIFF'); view.setUint32(4, 36 + samples.length * 2, true); text(8, 'WAVE');
  text(12, 'fmt '); view.setUint32(16, 16, true); view.setUint16(20, 1, true); view.setUint16(22, 1, true);
  view.setUint32(24, RATE, true); view.setUint32(28, RATE * 2, true); view.setUint16(32, 2, true); view.setUint16(34, 16, true);
  text(36, 'data'); view.setUint32(40, samples.length * 2, true);
  samples.forEach((s, i) => view.setInt16(44 + i * 2, Math.max(-1, Math.min(1, s)) * 0x7fff, true));
  return new Blob([view.buffer], { type: 'audio/wav' });
}

export class Recorder {
  get recording() { return this.media?.state === 'recording'; }

  // Resolves with the WAV once stop() is called (or after MAX_SECONDS).
  async record() {
    // Raw sound: the recogniser does better without the browser's call-audio processing, and nothing
    // plays while it records (the page hushes its own speech first).
    const stream = await navigator.mediaDevices.getUserMedia({
      audio: { channelCount: 1, echoCancellation: false, noiseSuppression: false, autoGainControl: false },
    });
    try {
      this.media = new MediaRecorder(stream);
      const chunks = [];
      this.media.addEventListener('dataavailable', (event) => { if (event.data.size) chunks.push(event.data); });
      const stopped = new Promise((resolve) => this.media.addEventListener('stop', resolve, { once: true }));
      this.media.start();
      const limit = setTimeout(() => this.stop(), MAX_SECONDS * 1000);
      await stopped;
      clearTimeout(limit);
      return await toWav(new Blob(chunks, { type: this.media.mimeType }));
    } finally {
      stream.getTracks().forEach((track) => track.stop());
    }
  }

  stop() { if (this.recording) this.media.stop(); }
}

export class Speech {
  // fetchClip(text) resolves with WAV bytes, or null when speech cannot be had (it says why itself).
  constructor(fetchClip) {
    this.fetchClip = fetchClip;
    this.on = false;
    this.queue = [];
    this.busy = false;
    this.round = 0;
    this.source = null;
  }

  enable(on) {
    this.on = on;
    if (on) {
      this.context ??= new AudioContext();
      this.context.resume();
    } else {
      this.hush();
    }
  }

  // Steps of an exercise replace a step not yet spoken: the page never falls behind the exercise.
  say(text, kind = 'reply') {
    if (!this.on || !text) return;
    if (kind === 'step') this.queue = this.queue.filter((item) => item.kind !== 'step');
    this.queue.push({ text, kind });
    if (!this.busy) this.play();
  }

  hush() {
    this.round += 1;
    this.queue = [];
    this.source?.stop();
    this.source = null;
  }

  async play() {
    this.busy = true;
    const round = this.round;
    while (this.on && this.queue.length && round === this.round) {
      const clip = await this.fetchClip(this.queue.shift().text);
      if (!clip) { this.enable(false); break; }
      if (round !== this.round) break;
      const buffer = await this.context.decodeAudioData(clip);
      if (round !== this.round) break;
      await new Promise((resolve) => {
        this.source = this.context.createBufferSource();
        this.source.buffer = buffer;
        this.source.connect(this.context.destination);
        this.source.addEventListener('ended', resolve, { once: true });
        this.source.start();
      });
    }
    this.busy = false;
    if (this.on && this.queue.length) this.play();
  }
}
