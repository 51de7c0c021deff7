// "Need help now?": every country's lines are already in the page (they work with the server gone);
// this only shows the one for where the person is.
const KEY = 'compassion.country';

export class Help {
  constructor() {
    this.details = document.getElementById('help');
    this.select = document.getElementById('country');
    this.sections = [...document.querySelectorAll('.lines')];
    this.fromConversation = null;
    const saved = localStorage.getItem(KEY);
    if (saved !== null && this.has(saved)) this.show(saved);
    this.select.addEventListener('change', () => {
      localStorage.setItem(KEY, this.select.value);
      this.show(this.select.value);
    });
  }

  has(code) { return this.sections.some((section) => section.dataset.country === code); }

  show(code) {
    this.select.value = code;
    for (const section of this.sections) section.hidden = section.dataset.country !== code;
  }

  // The country the conversation named ("I'm in the UK") wins when it changes.
  heard(code) {
    if (!code || code === this.fromConversation || !this.has(code)) return;
    this.fromConversation = code;
    localStorage.setItem(KEY, code);
    this.show(code);
  }

  emergency() {
    return this.sections.find((section) => !section.hidden)?.dataset.emergency || 'your local emergency number';
  }

  open() { this.details.open = true; }

  forget() {
    localStorage.removeItem(KEY);
    this.fromConversation = null;
  }
}
